using Microsoft.Extensions.DependencyInjection;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Admin;

[Collection(StaffDatabaseCollection.Name)]
public class ServicePointAdminTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    internal static Dictionary<string, string> NewPoint(string code = "kec-uji") => new()
    {
        ["Code"] = code, ["Name"] = "Kantor Camat Uji", ["Kind"] = "KecamatanOffice", ["RegionCode"] = "13.08.05",
        ["Address"] = "Jl. Uji 1", ["WalkInDailyQuota"] = "12",
    };

    [Fact]
    public async Task An_admin_creates_a_service_point_and_it_gets_the_office_week_of_slots()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var form = await client.GetAsync("/admin/service-points/new");
        var response = await client.SubmitAsync(form, "form.service-point-form", NewPoint());

        AssertRedirect(response, "/admin/service-points");
        var point = await App.WithDbAsync(db => db.ServicePoints.Include(p => p.Sessions).SingleAsync(p => p.Code == "kec-uji"));
        Assert.Equal(12, point.WalkInDailyQuota);
        Assert.False(point.CanPrint);
        Assert.Equal(10, point.Sessions.Count);
        Assert.NotEmpty(await App.OpenSlotsAsync("kec-uji", Monday.AddDays(1)));
        Assert.Contains(AuditActions.ServicePointChanged, await App.AuditActionsAsync());
        var list = await client.FollowAsync(response);
        Assert.Contains("Kantor Camat Uji", list.Text);
    }

    [Fact]
    public async Task A_taken_code_a_bad_code_an_unknown_region_and_a_negative_quota_are_refused_beside_their_fields()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var form = await client.GetAsync("/admin/service-points/new");
        var values = NewPoint("dpks");
        values["RegionCode"] = "99.99";
        values["WalkInDailyQuota"] = "-1";
        values["Name"] = "";
        var page = await PageClient.ReadAsync(await client.SubmitAsync(form, "form.service-point-form", values));

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Equal("Kode ini sudah dipakai tempat layanan lain.", page.FieldError("Code"));
        Assert.Equal("Wilayah tidak dikenal.", page.FieldError("RegionCode"));
        Assert.Equal("Kuota datang langsung antara 0 dan 500 per hari.", page.FieldError("WalkInDailyQuota"));
        Assert.Equal("Isi nama tempat layanan.", page.FieldError("Name"));

        values = NewPoint("Kec Uji!");
        page = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.service-point-form", values));
        Assert.Equal("Kode hanya huruf kecil, angka dan tanda hubung (2–40 karakter).", page.FieldError("Code"));
        Assert.Equal(15, await App.WithDbAsync(db => db.ServicePoints.CountAsync()));
    }

    [Fact]
    public async Task Editing_the_walk_in_quota_and_printing_capability_is_saved_and_audited()
    {
        var rao = await App.WithDbAsync(db => db.ServicePoints.SingleAsync(p => p.Code == "kec-rao"));
        using var client = await App.SignedInAdminAsync(NewClient());
        var form = await client.GetAsync($"/admin/service-points/{rao.Id}");
        var response = await client.SubmitAsync(form, "form.service-point-form",
            new Dictionary<string, string> { ["WalkInDailyQuota"] = "25", ["CanPrint"] = "true", ["Address"] = "" });

        AssertRedirect(response, "/admin/service-points");
        var saved = await App.WithDbAsync(db => db.ServicePoints.SingleAsync(p => p.Id == rao.Id));
        Assert.Equal(25, saved.WalkInDailyQuota);
        Assert.True(saved.CanPrint);
        Assert.True(saved.IsActive);
        Assert.Equal(rao.Kind, saved.Kind);
        var entry = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.ServicePointChanged));
        Assert.Equal("kec-rao", entry.SubjectId);
        Assert.Equal(Roles.Admin, entry.Role);
    }

    [Fact]
    public async Task Deactivating_a_point_that_holds_bookings_asks_first_then_marks_them_and_offers_another_point()
    {
        var rao = await App.WithDbAsync(db => db.ServicePoints.SingleAsync(p => p.Code == "kec-rao"));
        var first = await App.BookAsync("kec-rao", Monday.AddDays(2));
        await App.BookAsync("kec-rao", Monday.AddDays(3), nik: "1308050101900002");
        using var client = await App.SignedInAdminAsync(NewClient());
        var form = await client.GetAsync($"/admin/service-points/{rao.Id}");
        var fields = PageClient.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)form.Document.QuerySelector("form.service-point-form")!)
            .Where(f => f.Key != "IsActive").ToList();
        fields.Add(new("IsActive", "false"));
        var page = await PageClient.ReadAsync(await client.Http.PostAsync($"/admin/service-points/{rao.Id}", new FormUrlEncodedContent(fields)));

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Equal("2 janji temu terdampak", page.Document.QuerySelector(".affected-count")?.TextContent.Trim());
        Assert.True(await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == rao.Id).Select(p => p.IsActive).SingleAsync()));
        Assert.NotEmpty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(4)));
        Assert.DoesNotContain(AuditActions.ServicePointChanged, await App.AuditActionsAsync());

        AssertRedirect(await client.SubmitAsync(page, "form.impact-confirm-form"), "/admin/service-points");
        Assert.False(await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == rao.Id).Select(p => p.IsActive).SingleAsync()));
        Assert.Empty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(4)));
        Assert.Contains(AuditActions.ServicePointChanged, await App.AuditActionsAsync());
        Assert.Equal(2, await App.WithDbAsync(db => db.Appointments.CountAsync(a => a.AffectedByDisruptionId != null)));
        Assert.Equal(2, await App.WithDbAsync(db => db.Outbox.CountAsync()));

        // The same point is gone: the one-click offer is another working point.
        using var scope = App.Services.CreateScope();
        var rebook = scope.ServiceProvider.GetRequiredService<EKtp.Web.Features.Disruptions.RebookAffectedAppointment>();
        var appointment = (await scope.ServiceProvider.GetRequiredService<AppointmentLookup>()
            .FindAsync(new LookupInput { Code = first.Code, Nik = AdminTestData.Nik })).Appointment!;
        var view = (await rebook.DescribeAsync(appointment, AdminTestData.Nik))!;
        Assert.Null(view.SamePoint);
        Assert.NotNull(view.Nearest);
        Assert.NotEqual(rao.Name, view.Nearest.PointName);
    }

    [Fact]
    public async Task Deactivating_a_point_without_bookings_closes_all_its_slots()
    {
        var rao = await App.WithDbAsync(db => db.ServicePoints.SingleAsync(p => p.Code == "kec-rao"));
        using var client = await App.SignedInAdminAsync(NewClient());
        var form = await client.GetAsync($"/admin/service-points/{rao.Id}");
        var fields = PageClient.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)form.Document.QuerySelector("form.service-point-form")!)
            .Where(f => f.Key != "IsActive").Append(new("IsActive", "false")).ToList();
        var response = await client.Http.PostAsync($"/admin/service-points/{rao.Id}", new FormUrlEncodedContent(fields));

        AssertRedirect(response, "/admin/service-points");
        Assert.Empty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(1)));
        Assert.NotEmpty(await App.OpenSlotsAsync("dpks", Monday.AddDays(1)));
    }
}
