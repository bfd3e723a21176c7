using EKtp.Tests.Support;
using EKtp.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EKtp.Tests.Browser;

/// <summary>Issue 13, item 11: a resident whose form is refused by the rate limit loses nothing they typed (decision 1312).</summary>
[Collection(BrowserCollection.Name)]
public class RateLimitJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task A_form_refused_for_too_many_requests_is_sent_again_with_what_was_typed_after_the_wait()
    {
        await app.ResetAsync();
        var cache = app.Services.GetRequiredService<IOptionsMonitorCache<RateLimitingOptions>>();
        cache.TryRemove(Options.DefaultName);
        cache.TryAdd(Options.DefaultName, new RateLimitingOptions { Enabled = true, PermitsPerMinute = 1 });
        try
        {
            await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "rate-limited-form");
            var page = journey.Page;
            await page.GotoAsync("/status");
            await page.FillAsync("#Code", "PSM-2222222");
            await page.FillAsync("#Nik", "1308051505900001");
            await page.ClickAsync("#lookup-form button[type=submit]");
            await page.FillAsync("#Code", "PSM-3333333");
            await page.ClickAsync("#lookup-form button[type=submit]");

            Assert.Contains("Isian Anda tidak hilang", await page.Locator("#rate-limited-message").InnerTextAsync());
            Assert.True(await page.Locator("nav").First.IsVisibleAsync());
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "rate-limited-form");
            // The wait is over (here: the limit lifted); one press sends what was typed, to the same form.
            cache.TryRemove(Options.DefaultName);
            cache.TryAdd(Options.DefaultName, new RateLimitingOptions { Enabled = false });
            await page.ClickAsync("#resubmit-form button[type=submit]");

            Assert.EndsWith("/status", page.Url);
            Assert.Contains("tidak cocok", await page.Locator("#lookup-problem").InnerTextAsync());
            Assert.Equal("PSM-3333333", await page.InputValueAsync("#Code"));
            journey.Passed();
        }
        finally
        {
            cache.TryRemove(Options.DefaultName);
        }
    }
}
