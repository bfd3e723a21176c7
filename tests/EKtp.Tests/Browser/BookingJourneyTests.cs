using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Support;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class BookingJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task A_resident_books_at_a_kecamatan_office_gets_a_slip_with_a_QR_code_then_finds_and_cancels_it()
    {
        await app.ResetAsync();
        await using var pageJourney = await browser.NewJourneyAsync(app.BaseAddress, "booking-journey-page");
        var page = pageJourney.Page;
        var failed = new List<string>();
        page.RequestFailed += (_, r) => failed.Add(r.Url);
        page.Console += (_, m) => { if (m.Type == "error") failed.Add(m.Text); };
        var booking = new BookingPages(page);

        await booking.ChooseServiceAsync("Perekaman baru");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await booking.ChoosePlaceAsync("kec-rao");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "booking-slots");
        await booking.ChooseFirstSlotAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await booking.FillDetailsAsync("1308051505900001", "1308050101100001", "Siti Rahmah", "1990-05-15", "0812 3456 7890", "Tanjuang Baringin");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await booking.ConfirmAsync();

        Assert.EndsWith("/booking/slip", page.Url);
        Assert.True(await page.Locator("svg.slip-qr").IsVisibleAsync());
        var code = await booking.SlipCodeAsync();
        Assert.StartsWith("PSM-", code);
        Assert.DoesNotContain("1308051505900001", await page.ContentAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "booking-slip");

        await booking.FindAsync(code, "1308051505900001");
        Assert.EndsWith("/booking/manage/appointment", page.Url);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await booking.CancelAsync("Berhalangan");

        Assert.Contains("Janji Anda sudah dibatalkan", await page.Locator("main").InnerTextAsync());
        Assert.Equal("Dibatalkan", await page.Locator("#appointment-status").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "booking-cancelled");
        Assert.Empty(failed);
        pageJourney.Passed();
    }
}
