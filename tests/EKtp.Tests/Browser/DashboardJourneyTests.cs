using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Dashboard;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using static EKtp.Tests.Integration.Dashboard.DashboardFixture;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class DashboardJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task The_head_opens_the_dashboard_drills_into_a_kecamatan_and_downloads_a_csv()
    {
        await app.ResetAsync();
        var dpks = await app.PointIdAsync("dpks");
        await app.AddAsync(Target("13.08.04", 1000, 700, new(2027, 1, 31)), Target("13.08.04.2001", 300, 200, new(2027, 1, 31)),
            Target("13.08.05", 2000, 1700, new(2027, 1, 31)));
        var rows = new List<object>();
        for (var i = 0; i < 12; i++) rows.Add(Recording(dpks, "13.08.04.2001", new DateOnly(2027, 2, 1).AddDays(i * 2), minute: i));
        for (var i = 0; i < 30; i++) rows.Add(Recording(dpks, "13.08.05.2002", new DateOnly(2027, 2, 3).AddDays(i % 20), minute: i));
        await app.AddAsync([.. rows]);
        await app.RefreshRollupsAsync();
        var head = await app.CreateAsync(Roles.Head);

        await using var pageJourney = await browser.NewJourneyAsync(app.BaseAddress, "dashboard-journey-page", phone: false);
        var page = pageJourney.Page;
        var failed = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") failed.Add(m.Text); };
        page.RequestFailed += (_, r) => failed.Add(r.Url);
        page.Response += (_, r) => { if (r.Status >= 400) failed.Add($"{r.Status} {r.Url}"); };
        var dashboard = new DashboardPage(page);
        await dashboard.SignInAsync(head.Email!, StaffAccounts.Password);

        await dashboard.OpenAsync();
        Assert.Equal("712 dari 1.000 (71,2 %)", await dashboard.CoverageOfAsync("Bonjol"));
        Assert.True(await dashboard.ChartDrawnAsync("chart-coverage"));
        Assert.True(await dashboard.ChartDrawnAsync("chart-weekly"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard");

        await dashboard.DrillIntoAsync("Bonjol");
        Assert.Contains("Bonjol", await dashboard.HeadingAsync());
        Assert.Equal("212 dari 300 (70,7 %)", await dashboard.CoverageOfAsync("Limo Koto"));
        Assert.True(await dashboard.ChartDrawnAsync("chart-coverage"));
        var (name, csv) = await dashboard.DownloadCsvAsync("coverage");
        Assert.EndsWith("-13.08.04.csv", name);
        Assert.Contains("Limo Koto,\"212 dari 300 (70,7 %)\",212,300,70.7,88,2027-01-31", csv);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-kecamatan");
        Assert.Empty(failed);
        pageJourney.Passed();
    }
}
