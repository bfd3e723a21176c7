using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.AuditTrail;

[Collection(StaffDatabaseCollection.Name)]
public class AuditTrailTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task ArrangeAsync()
    {
        var rao = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            db.AuditEntries.AddRange(
                new AuditEntry { At = new DateTimeOffset(2027, 2, 10, 3, 0, 0, TimeSpan.Zero), Action = AuditActions.ViewPersonalData, UserName = "rina@ektp.test",
                    Role = Roles.Operator, ServicePointId = rao, SubjectType = "appointment", SubjectId = "a1", Reason = "check-in" },
                new AuditEntry { At = new DateTimeOffset(2027, 2, 20, 3, 0, 0, TimeSpan.Zero), Action = AuditActions.ViewPersonalData, UserName = "budi@ektp.test",
                    Role = Roles.Operator, SubjectType = "appointment", SubjectId = "a2", Reason = "=HYPERLINK(\"x\")" },
                new AuditEntry { At = new DateTimeOffset(2027, 2, 21, 3, 0, 0, TimeSpan.Zero), Action = AuditActions.SignInFailed, UserName = "rina@ektp.test" });
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task The_audit_log_filters_by_who_action_date_and_point()
    {
        await ArrangeAsync();
        using var client = await Admin.AdminTestData.SignedInAdminAsync(App, NewClient());
        int Rows(PageResult p) => p.Document.QuerySelectorAll("table.audit-entries tbody tr").Length;

        Assert.Equal(2, Rows(await client.GetAsync("/admin/audit?who=RINA")));
        Assert.Equal(2, Rows(await client.GetAsync("/admin/audit?action=view-personal-data")));
        Assert.Equal(1, Rows(await client.GetAsync("/admin/audit?action=view-personal-data&from=2027-02-15&to=2027-02-20")));
        var rao = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync());
        var byPoint = await client.GetAsync($"/admin/audit?point={rao}");
        Assert.Equal(1, Rows(byPoint));
        Assert.Contains("Kantor Camat Rao", byPoint.Text);
    }

    [Fact]
    public async Task The_export_is_a_CSV_of_the_filtered_entries_defused_for_spreadsheets_and_itself_audited()
    {
        await ArrangeAsync();
        using var client = await Admin.AdminTestData.SignedInAdminAsync(App, NewClient());
        var response = await client.Http.GetAsync("/admin/audit/export?action=view-personal-data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = csv.Trim().Split('\n');
        Assert.Equal("at_wib,user,role,service_point,action,subject_type,subject_id,reason,client_address", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2027-02-10 10:00:00,\"rina@ektp.test\",\"Operator\",\"kec-rao\"", lines[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", lines[2]);
        Assert.Contains(AuditActions.AuditExported, await App.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task The_audit_log_offers_no_way_to_change_or_delete_entries()
    {
        await ArrangeAsync();
        using var client = await Admin.AdminTestData.SignedInAdminAsync(App, NewClient());
        var page = await client.GetAsync("/admin/audit");
        Assert.DoesNotContain(page.Document.QuerySelectorAll("form[method='post']"), f => f.GetAttribute("action")?.StartsWith("/admin/audit") == true);
        var id = await App.WithDbAsync(db => db.AuditEntries.Select(a => a.Id).FirstAsync());
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
        {
            var response = await client.Http.SendAsync(new HttpRequestMessage(method, $"/admin/audit/{id}"));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest, $"{method}: {response.StatusCode}");
        }
        Assert.Equal(4, await App.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }
}
