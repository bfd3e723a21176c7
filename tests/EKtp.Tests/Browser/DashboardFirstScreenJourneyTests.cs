using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Dashboard;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.Playwright;
using static EKtp.Tests.Integration.Dashboard.DashboardFixture;

namespace EKtp.Tests.Browser;

/// <summary>Issue 15, B5: the dashboard opens on what needs action, and its chart says its figures without JavaScript.</summary>
[Collection(BrowserCollection.Name)]
public class DashboardFirstScreenJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task The_head_sees_the_today_strip_first_and_the_chart_s_text_alternative_with_JavaScript_off()
    {
        await app.ResetAsync();
        var dpks = await app.PointIdAsync("dpks");
        var rao = await app.PointIdAsync("kec-rao");
        await app.AddAsync(Target("13.08.05.2002", 500, 350, new(2027, 2, 1)), Target("13.08.04", 1000, 960, new(2027, 2, 1)),
            new Disruption { ServicePointId = rao, Kind = DisruptionKind.Power, StartsAt = app.Clock.GetUtcNow().AddHours(-1), PublicNote = "", DeclaredById = Guid.CreateVersion7() });
        var rows = new List<object>();
        for (var i = 0; i < 9; i++) rows.Add(Recording(dpks, "13.08.05.2002", new(2027, 2, 10), minute: i));
        await app.AddAsync([.. rows]);
        await app.RefreshRollupsAsync();
        var head = await app.CreateAsync(Roles.Head);

        await using (var withScript = await browser.NewJourneyAsync(app.BaseAddress, "dashboard-first-screen", phone: false))
        {
            var page = withScript.Page;
            var dashboard = new DashboardPage(page);
            await dashboard.SignInAsync(head.Email!, StaffAccounts.Password);
            var strip = page.Locator("#today");
            Assert.True(await strip.IsVisibleAsync());
            var box = await strip.BoundingBoxAsync();
            Assert.True(box is not null && box.Y + box.Height <= page.ViewportSize!.Height, "the today strip is on the first screen");
            Assert.Contains("Kantor Camat Rao", await page.Locator("#today-disrupted").InnerTextAsync());
            Assert.True(await dashboard.ChartDrawnAsync("chart-coverage"));
            Assert.Contains("Terendah: Lubuk Sikaping 71,8 %", await page.Locator("#chart-coverage-summary").InnerTextAsync());
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "dashboard-first-screen");
            withScript.Passed();
        }

        await using var noScript = await browser.NewJourneyAsync(app.BaseAddress, "dashboard-no-javascript", phone: true, javaScript: false);
        var plain = noScript.Page;
        await new StaffSignInPage(plain).SignInAsync(head.Email!);
        await plain.GotoAsync("/dashboard");
        Assert.True(await plain.Locator("#today").IsVisibleAsync());
        Assert.True(await plain.Locator("#chart-coverage-summary").IsVisibleAsync());
        Assert.Contains("Terendah: Lubuk Sikaping 71,8 %", await plain.Locator("#chart-coverage-summary").InnerTextAsync());
        Assert.False(await plain.Locator("#chart-coverage").IsVisibleAsync());
        Assert.True(await plain.Locator("#chart-weekly-summary").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(plain, "dashboard-no-javascript");
        noScript.Passed();
    }
}
