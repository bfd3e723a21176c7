using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Admin;

[Collection(StaffDatabaseCollection.Name)]
public class ClosureAdminTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    private async Task<Guid> RaoAsync() => await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync());

    [Fact]
    public async Task A_closure_closes_its_point_for_the_range_and_removing_it_reopens_the_slots()
    {
        var rao = await RaoAsync();
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/closures");
        var response = await client.SubmitAsync(page, "form.closure-form", new Dictionary<string, string>
        {
            ["ServicePointId"] = rao.ToString(), ["From"] = "2027-03-02", ["To"] = "2027-03-03", ["Reason"] = "Renovasi kantor",
        });

        AssertRedirect(response, "/admin/closures");
        Assert.Empty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(1)));
        Assert.Empty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(2)));
        Assert.NotEmpty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(3)));
        Assert.NotEmpty(await App.OpenSlotsAsync("dpks", Monday.AddDays(1)));

        var list = await client.FollowAsync(response);
        Assert.Contains("Renovasi kantor", list.Text);
        var closure = await App.WithDbAsync(db => db.Closures.SingleAsync());
        response = await client.SubmitAsync(list, $"form[action='/admin/closures/{closure.Id}/delete']");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEmpty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(1)));
        Assert.Equal(2, (await App.AuditActionsAsync()).Count(a => a == AuditActions.ClosureChanged));
    }

    [Fact]
    public async Task A_closure_without_a_point_ending_before_it_starts_in_the_past_or_without_a_reason_is_refused()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/closures");
        var again = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.closure-form", new Dictionary<string, string>
        {
            ["ServicePointId"] = "", ["From"] = "2027-03-05", ["To"] = "2027-03-04", ["Reason"] = "",
        }));
        Assert.Equal("Pilih tempat layanan.", again.FieldError("ServicePointId"));
        Assert.Equal("Tanggal selesai tidak boleh sebelum tanggal mulai.", again.FieldError("To"));
        Assert.Equal("Isi alasan penutupan.", again.FieldError("Reason"));

        again = await PageClient.ReadAsync(await client.SubmitAsync(again, "form.closure-form", new Dictionary<string, string>
        {
            ["ServicePointId"] = (await RaoAsync()).ToString(), ["From"] = "2027-02-20", ["To"] = "2027-03-04", ["Reason"] = "Lupa",
        }));
        Assert.Equal("Tanggal mulai tidak boleh di masa lalu.", again.FieldError("From"));
        Assert.False(await App.WithDbAsync(db => db.Closures.AnyAsync()));
    }

    [Fact]
    public async Task A_closure_over_booked_slots_shows_the_count_first_and_on_confirming_marks_exactly_those_appointments()
    {
        var second = await App.BookAsync("kec-rao", Monday.AddDays(1));
        var ninth = await App.BookAsync("kec-rao", Monday.AddDays(8), nik: "1308050101900002");
        var later = await App.BookAsync("kec-rao", Monday.AddDays(22), nik: "1308050101900003");
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/closures");
        var confirm = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.closure-form", new Dictionary<string, string>
        {
            ["ServicePointId"] = (await RaoAsync()).ToString(), ["From"] = "2027-03-02", ["To"] = "2027-03-12", ["Reason"] = "Pindah kantor",
        }));

        Assert.Equal("2 janji temu terdampak", confirm.Document.QuerySelector(".affected-count")?.TextContent.Trim());
        Assert.False(await App.WithDbAsync(db => db.Closures.AnyAsync()));
        Assert.NotEmpty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(3)));
        Assert.False(await App.WithDbAsync(db => db.Disruptions.AnyAsync()));

        AssertRedirect(await client.SubmitAsync(confirm, "form.impact-confirm-form"), "/admin/closures");
        Assert.Equal("Pindah kantor", await App.WithDbAsync(db => db.Closures.Select(c => c.Reason).SingleAsync()));
        Assert.Empty(await App.OpenSlotsAsync("kec-rao", Monday.AddDays(3)));
        var disruption = await App.WithDbAsync(db => db.Disruptions.SingleAsync());
        Assert.Equal(DisruptionKind.ScheduleChange, disruption.Kind);
        Assert.Contains("Pindah kantor", disruption.PublicNote);
        var marked = await App.WithDbAsync(db => db.Appointments.Where(a => a.AffectedByDisruptionId == disruption.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(new[] { second.Id, ninth.Id }.Order(), marked.Order());
        Assert.Equal(2, await App.WithDbAsync(db => db.Outbox.CountAsync()));
        Assert.Null(await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == later.Id).Select(a => a.AffectedByDisruptionId).SingleAsync()));
    }

    [Fact]
    public async Task When_the_count_has_changed_since_the_confirmation_page_it_is_shown_again_and_nothing_is_saved()
    {
        await App.BookAsync("kec-rao", Monday.AddDays(1));
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/closures");
        var confirm = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.closure-form", new Dictionary<string, string>
        {
            ["ServicePointId"] = (await RaoAsync()).ToString(), ["From"] = "2027-03-02", ["To"] = "2027-03-05", ["Reason"] = "Renovasi",
        }));
        await App.BookAsync("kec-rao", Monday.AddDays(2), nik: "1308050101900002");

        var again = await PageClient.ReadAsync(await client.SubmitAsync(confirm, "form.impact-confirm-form"));

        Assert.Equal("2 janji temu terdampak", again.Document.QuerySelector(".affected-count")?.TextContent.Trim());
        Assert.False(await App.WithDbAsync(db => db.Closures.AnyAsync()));
        Assert.False(await App.WithDbAsync(db => db.Appointments.AnyAsync(a => a.AffectedByDisruptionId != null)));
    }
}
