using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.ServiceStatus;
using EKtp.Tests.Support;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>Issue 14, items 5 and 12, on a 360 × 740 phone: tomorrow is announced today, and the status page is short.</summary>
[Collection(BrowserCollection.Name)]
public class ServiceStatusPhoneTests(KestrelAppFactory app, BrowserFixture browser)
{
    public static readonly ViewportSize SmallPhone = new() { Width = 360, Height = 740 };

    [Fact]
    public async Task Tomorrows_disruption_is_shown_today_on_the_home_page_and_on_service_status()
    {
        await app.ResetAsync();
        await TomorrowSeeds.PlanTomorrowAsync(app);
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "tomorrow-announced", viewport: SmallPhone);
        var page = journey.Page;

        await page.GotoAsync("/");
        var tomorrow = page.Locator("[data-day='tomorrow']");
        Assert.True(await tomorrow.IsVisibleAsync());
        Assert.Contains("Kantor Camat Rao: gangguan terjadwal — Jaringan terputus, mulai Sel 2 Mar, 08.00", await tomorrow.InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        var status = new ServiceStatusPage(page);
        await status.OpenAsync();
        Assert.Contains(TomorrowSeeds.NetworkNote, await page.Locator("[data-day='tomorrow']").InnerTextAsync());
        Assert.Equal("open", await status.StateOfAsync("kec-rao"));
        Assert.True(await status.Point("kec-rao").Locator("[data-tomorrow]").IsVisibleAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "service-status-tomorrow");
        journey.Passed();
    }

    [Fact]
    public async Task Service_status_takes_at_most_two_phone_screens_and_jemput_bola_is_linked_from_home_and_menu()
    {
        await app.ResetAsync();
        await TomorrowSeeds.PlanTomorrowAsync(app);
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "service-status-compact", viewport: SmallPhone);
        var page = journey.Page;

        await page.GotoAsync("/service-status");
        Assert.Equal(13, await page.Locator("section[aria-labelledby='offices-heading'] [data-point]").CountAsync());
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height <= 2 * SmallPhone.Height, $"/service-status is {height} px tall: more than two screens of {SmallPhone.Height} px");
        var width = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(width[0] <= width[1], $"{width[0]} px wide in {width[1]} px");
        await BrowserFixture.ScreenshotAsync(page, "service-status-360");

        await page.GotoAsync("/");
        await page.Locator("main a[href='/mobile-visit']").ClickAsync();
        Assert.EndsWith("/mobile-visit", page.Url);
        await page.GetByText("Menu").ClickAsync();
        await page.Locator(".nav-menu").GetByRole(AriaRole.Link, new() { Name = "Jemput bola" }).ClickAsync();
        Assert.EndsWith("/mobile-visit", page.Url);
        journey.Passed();
    }
}
