using System.Net;
using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Platform;

/// <summary>
/// Twenty identical submits of one form at once (a double click, a flaky network, an impatient user) create one row,
/// none answers a server error, and a later submit answers as the first did (decision 1315).
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public class RepeatedSubmitTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const int Copies = 20;

    private static Dictionary<string, string> VisitRequest => new()
    {
        ["ContactName"] = "Yusrizal", ["Phone"] = "0812-6677-8899", ["VillageCode"] = "13.08.14.2002", ["Place"] = "Balai",
        ["PeopleCount"] = "40", ["PreferredDate1"] = "2027-03-10",
    };

    /// <summary>Fills the form once and sends it <see cref="Copies"/> times at once; every answer must be the same redirect.</summary>
    private static async Task<HttpResponseMessage[]> TwentyAtOnceAsync(PageClient client, string pageUrl, string form,
        Dictionary<string, string> values, string redirect)
    {
        var page = await client.GetAsync(pageUrl);
        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => client.SubmitAsync(page, form, values)));
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Redirect, redirect), (a.StatusCode, a.Headers.Location?.OriginalString)));
        var later = await client.SubmitAsync(page, form, values);
        Assert.Equal((HttpStatusCode.Redirect, redirect), (later.StatusCode, later.Headers.Location?.OriginalString));
        return answers;
    }

    private async Task<PageClient> StaffAsync(string role, string? point = null)
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(role, point));
        return client;
    }

    [Fact]
    public async Task Twenty_identical_mobile_visit_requests_at_once_make_one_request()
    {
        using var client = NewClient();
        await TwentyAtOnceAsync(client, "/mobile-visit", "#mobile-visit", VisitRequest, "/mobile-visit/sent");

        Assert.Equal(1, await App.WithDbAsync(db => db.MobileVisitRequests.CountAsync()));
    }

    [Fact]
    public async Task Mobile_visit_requests_from_different_forms_racing_make_one_pending_request_per_phone_and_nagari()
    {
        var values = VisitRequest;
        var clients = Enumerable.Range(0, 10).Select(_ => NewClient()).ToList();
        var pages = await Task.WhenAll(clients.Select(c => c.GetAsync("/mobile-visit")));
        var answers = await Task.WhenAll(clients.Select((c, i) => c.SubmitAsync(pages[i], "#mobile-visit", values)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(1, await App.WithDbAsync(db => db.MobileVisitRequests.CountAsync()));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Twenty_identical_walk_in_submits_at_once_issue_one_ticket()
    {
        using var client = await StaffAsync(Roles.Operator, "kec-rao");
        await TwentyAtOnceAsync(client, "/staff/queue/kec-rao", "#walkin-form", new() { ["Service"] = "NewRecording" }, "/staff/queue/kec-rao");

        Assert.Equal(1, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task Twenty_identical_blank_stock_entries_at_once_are_counted_once()
    {
        using var client = await StaffAsync(Roles.Operator, "dpks");
        await TwentyAtOnceAsync(client, "/staff/stock/dpks", "#stock-form", new() { ["Kind"] = "Received", ["Quantity"] = "100" }, "/staff/stock/dpks");

        Assert.Equal(1, await App.WithDbAsync(db => db.BlankStock.CountAsync()));
        Assert.Equal(100, await App.WithDbAsync(db => db.BlankStockBalances.Select(b => b.Balance).SingleAsync()));
    }

    [Fact]
    public async Task Twenty_identical_disruption_declarations_at_once_declare_one()
    {
        using var client = await StaffAsync(Roles.Operator, "kec-rao");
        await TwentyAtOnceAsync(client, "/staff/disruptions", "#declare-disruption", new()
        {
            ["Kind"] = "Network", ["StartsNow"] = "true", ["ExpectedEndAt"] = "2027-03-01T12:00", ["PublicNote"] = "Jaringan putus",
        }, "/staff/disruptions");

        Assert.Equal(1, await App.WithDbAsync(db => db.Disruptions.CountAsync()));
    }

    [Fact]
    public async Task Twenty_identical_mobile_stop_plans_at_once_plan_one_stop()
    {
        using var client = await StaffAsync(Roles.Admin);
        await TwentyAtOnceAsync(client, "/admin/mobile-stops", "#stop-form", new()
        {
            ["UnitCode"] = "mobil-1", ["Date"] = "2027-03-03", ["VillageCode"] = "13.08.14.2005", ["Place"] = "Kantor Wali Nagari",
            ["Start"] = "08:00", ["End"] = "12:00", ["SlotMinutes"] = "30", ["CapacityPerSlot"] = "5",
        }, "/admin/mobile-stops");

        Assert.Equal(1, await App.WithDbAsync(db => db.MobileStops.CountAsync()));
        Assert.Equal(8, await App.WithDbAsync(db => db.Slots.CountAsync(s => s.MobileStopId != null)));
    }

    [Fact]
    public async Task Twenty_identical_staff_account_submits_at_once_create_one_account()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        await TwentyAtOnceAsync(client, "/admin/staff/new", "form.new-staff", new()
        {
            ["Email"] = "rina@ektp.test", ["DisplayName"] = "Rina Operator", ["Role"] = Roles.Head, ["Password"] = "Sawah hijau di Rao pagi hari",
        }, "/admin/staff");

        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "rina@ektp.test")));
    }

    [Fact]
    public async Task Twenty_identical_closure_submits_at_once_save_one_closure_and_answer_each_with_a_page()
    {
        var rao = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync());
        using var client = await App.SignedInAdminAsync(NewClient());
        await TwentyAtOnceAsync(client, "/admin/closures", "form.closure-form", new()
        {
            ["ServicePointId"] = rao.ToString(), ["From"] = "2027-03-02", ["To"] = "2027-03-03", ["Reason"] = "Renovasi kantor",
        }, "/admin/closures");

        Assert.Equal(1, await App.WithDbAsync(db => db.Closures.CountAsync()));
        Assert.Empty(await App.OpenSlotsAsync("kec-rao", new DateOnly(2027, 3, 2)));
        Assert.NotEmpty(await App.OpenSlotsAsync("kec-rao", new DateOnly(2027, 3, 4)));
    }

    [Fact]
    public async Task Twenty_identical_schedule_submits_at_once_save_the_schedule_once()
    {
        var rao = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync());
        var sessions = await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == rao));
        using var client = await App.SignedInAdminAsync(NewClient());
        var values = new Dictionary<string, string>();
        for (var i = 0; i < sessions; i++) values[$"Sessions[{i}].CapacityPerSlot"] = "5";
        await TwentyAtOnceAsync(client, $"/admin/service-points/{rao}/schedule", "form.schedule-form", values, $"/admin/service-points/{rao}/schedule");

        Assert.Equal(sessions, await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == rao && s.CapacityPerSlot == 5)));
        Assert.Equal(sessions, await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == rao)));
    }

    [Fact]
    public async Task Two_schedule_forms_for_one_point_sent_at_once_leave_one_of_them_whole()
    {
        var rao = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync());
        var sessions = await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == rao));
        using var client = await App.SignedInAdminAsync(NewClient());
        var url = $"/admin/service-points/{rao}/schedule";
        var pages = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetAsync(url)));
        var answers = await Task.WhenAll(pages.Select((page, n) =>
        {
            var values = new Dictionary<string, string>();
            for (var i = 0; i < sessions; i++) values[$"Sessions[{i}].CapacityPerSlot"] = (n + 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return client.SubmitAsync(page, "form.schedule-form", values);
        }));

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Redirect, url), (a.StatusCode, a.Headers.Location?.OriginalString)));
        var capacities = await App.WithDbAsync(db => db.ScheduleSessions.Where(s => s.ServicePointId == rao).Select(s => s.CapacityPerSlot).ToListAsync());
        Assert.Equal(sessions, capacities.Count);
        Assert.Single(capacities.Distinct());
    }

    [Fact]
    public async Task New_service_points_with_one_code_from_different_forms_at_once_make_one_and_tell_the_others_beside_the_code()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var points = await App.WithDbAsync(db => db.ServicePoints.CountAsync());
        var pages = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/admin/service-points/new")));
        var answers = await Task.WhenAll(pages.Select(page => client.SubmitAsync(page, "form.service-point-form", ServicePointAdminTests.NewPoint("kec-kembar"))));

        Assert.Single(answers, a => (a.StatusCode, a.Headers.Location?.OriginalString) == (HttpStatusCode.Redirect, "/admin/service-points"));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Redirect))
        {
            var page = await PageClient.ReadAsync(refused);
            Assert.Equal((HttpStatusCode.OK, "Kode ini sudah dipakai tempat layanan lain."), (page.Status, page.FieldError("Code")));
        }
        Assert.Equal(points + 1, await App.WithDbAsync(db => db.ServicePoints.CountAsync()));
        var point = await App.WithDbAsync(db => db.ServicePoints.Include(p => p.Sessions).SingleAsync(p => p.Code == "kec-kembar"));
        Assert.Equal(10, point.Sessions.Count);
        Assert.Equal(1, (await App.AuditActionsAsync()).Count(a => a == AuditActions.ServicePointChanged));
    }

    [Fact]
    public async Task Staff_accounts_with_one_email_from_different_forms_at_once_make_one_and_tell_the_others_beside_the_email()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var pages = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/admin/staff/new")));
        var answers = await Task.WhenAll(pages.Select((page, i) => client.SubmitAsync(page, "form.new-staff", new Dictionary<string, string>
        {
            ["Email"] = "kembar@ektp.test", ["DisplayName"] = $"Petugas {i}", ["Role"] = Roles.Head, ["Password"] = "Sawah hijau di Rao pagi hari",
        })));

        Assert.Single(answers, a => (a.StatusCode, a.Headers.Location?.OriginalString) == (HttpStatusCode.Redirect, "/admin/staff"));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Redirect))
        {
            var page = await PageClient.ReadAsync(refused);
            Assert.Equal((HttpStatusCode.OK, "Email ini sudah dipakai akun lain."), (page.Status, page.FieldError("Email")));
        }
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "kembar@ektp.test")));
        Assert.Equal(1, (await App.AuditActionsAsync()).Count(a => a == AuditActions.StaffCreated));
    }
}
