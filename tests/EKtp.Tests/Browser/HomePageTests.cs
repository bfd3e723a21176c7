using EKtp.Tests.Support;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class HomePageTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task The_home_page_renders_in_Chromium_and_passes_the_accessibility_check()
    {
        await using var pageJourney = await browser.NewJourneyAsync(app.BaseAddress, "home-page-page");
        var page = pageJourney.Page;
        var failed = new List<string>();
        page.RequestFailed += (_, r) => failed.Add(r.Url);
        page.Console += (_, m) => { if (m.Type == "error") failed.Add(m.Text); };

        await page.GotoAsync("/");

        Assert.Equal("Layanan KTP-el Kabupaten Pasaman", await page.Locator("h1").InnerTextAsync());
        Assert.StartsWith("rgb(", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.navbar')).backgroundColor"));
        Assert.Empty(failed);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "home");
        pageJourney.Passed();
    }
}
