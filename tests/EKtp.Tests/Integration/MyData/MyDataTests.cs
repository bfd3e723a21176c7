using System.Net;
using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.MyData;

public class MyDataTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    private async Task<PageResult> AskAsync(PageClient client, string code, string nik)
    {
        var form = await client.GetAsync("/status/my-data");
        return await PageClient.ReadAsync(await client.SubmitAsync(form, "form.my-data-form",
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = nik }));
    }

    /// <summary>A staff view of the resident's data, audited as every such view must be.</summary>
    private async Task StaffViewsAsync(StaffUser staff, Appointment appointment, string reason)
    {
        using var scope = App.Services.CreateScope();
        var services = scope.ServiceProvider;
        var principal = await services.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<StaffUser>>().CreateUserPrincipalAsync(staff);
        var audit = new AuditLog(services.GetRequiredService<EKtp.Web.Data.EKtpDbContext>(), new HttpContextAccessor(), App.Clock,
            services.GetRequiredService<FieldJournal>());
        await audit.WriteAsync(AuditActions.ViewPersonalData, "appointment", appointment.Id.ToString(), appointment.NikHash, reason, user: principal);
    }

    [Fact]
    public async Task A_resident_sees_what_is_held_about_them_masked_and_which_roles_at_which_points_looked_at_it()
    {
        var appointment = await App.BookAsync("kec-rao", Monday.AddDays(1));
        var other = await App.BookAsync("kec-rao", Monday.AddDays(1), nik: "1308050101900002");
        var op = await App.CreateAsync(Roles.Operator, "kec-rao");
        await StaffViewsAsync(op, appointment, "check-in");
        await StaffViewsAsync(op, other, "check-in");

        using var client = NewClient();
        var page = await AskAsync(client, appointment.Code.ToLowerInvariant().Replace("psm-", ""), "1308 0545 0690 0001");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("1308 **** **** 0001", page.Document.QuerySelector(".held-nik")!.TextContent.Trim());
        Assert.Contains("1308 **** **** " + AdminTestData.Kk[^4..], page.Text);
        Assert.Contains("S*** R***", page.Text);
        Assert.Contains("0812*****890", page.Text);
        Assert.DoesNotContain(AdminTestData.Nik, page.Html);
        Assert.DoesNotContain("Siti Rahmawati", page.Html);
        Assert.DoesNotContain("081234567890", page.Html);
        var accesses = page.Document.QuerySelectorAll("table.staff-accesses tbody tr");
        var access = Assert.Single(accesses);
        Assert.Contains(Roles.Operator, access.TextContent);
        Assert.Contains("Kantor Camat Rao", access.TextContent);
        Assert.Contains("check-in", access.TextContent);
        Assert.DoesNotContain(op.DisplayName, page.Text);
        Assert.DoesNotContain(op.Email!, page.Text);
        // The resident's own look is recorded, but not listed as a staff access.
        Assert.Contains(AuditActions.ResidentViewedOwnData, await App.AuditActionsAsync());
        // The NIK typed is not sent back in the form.
        Assert.Equal("", page.Document.QuerySelector("input[name='Nik']")!.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task A_resident_without_staff_accesses_is_told_so()
    {
        var appointment = await App.BookAsync("dpks", Monday.AddDays(1));
        using var client = NewClient();
        var page = await AskAsync(client, appointment.Code, AdminTestData.Nik);
        Assert.NotNull(page.Document.QuerySelector(".no-access"));
    }

    [Fact]
    public async Task A_code_with_another_NIK_shows_nothing()
    {
        var appointment = await App.BookAsync("dpks", Monday.AddDays(1));
        using var client = NewClient();
        var page = await AskAsync(client, appointment.Code, "1308050101900002");
        // The one "not matched" wording of every lookup by code and NIK.
        Assert.Contains("Kode janji temu dan NIK tidak cocok dengan janji mana pun. Periksa keduanya.", page.Text);
        Assert.Null(page.Document.QuerySelector(".my-data"));

        page = await AskAsync(client, "xyz", "123");
        Assert.Equal("Kode janji temu terdiri dari PSM- dan 7 huruf atau angka.", page.FieldError("Code"));
        Assert.Equal("NIK harus 16 angka.", page.FieldError("Nik"));
    }

    [Fact]
    public async Task The_page_is_public_and_the_answer_never_lands_in_a_URL()
    {
        var appointment = await App.BookAsync("dpks", Monday.AddDays(1));
        using var client = NewClient();
        var form = await client.GetAsync("/status/my-data");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("post", form.Document.QuerySelector("form.my-data-form")!.GetAttribute("method"));
        var response = await client.SubmitAsync(form, "form.my-data-form",
            new Dictionary<string, string> { ["Code"] = appointment.Code, ["Nik"] = AdminTestData.Nik });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_page_speaks_English_when_the_visitor_chose_it()
    {
        using var client = NewClient();
        client.Http.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US");
        var page = await client.GetAsync("/status/my-data");
        Assert.Equal("My data", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Show my data", page.Text);
    }

    [Fact]
    public void Both_the_form_and_the_answer_are_rate_limited_per_client()
    {
        var attribute = typeof(EKtp.Web.Features.MyData.MyDataController).GetCustomAttributes(typeof(Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute), true)
            .Cast<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Single();
        Assert.Equal(RateLimits.Public, attribute.PolicyName);
    }

    [Fact]
    public async Task The_status_page_leads_residents_to_their_own_data()
    {
        using var client = NewClient();
        var status = await client.GetAsync("/status");
        Assert.Equal("/status/my-data", status.Document.QuerySelector("#my-data-link")?.GetAttribute("href"));
    }
}
