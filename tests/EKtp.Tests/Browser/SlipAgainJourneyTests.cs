using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Support;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>
/// Issue 14, items 3 and 9, on a 360 × 740 phone: the yes/no answers are big enough to tap, the check page writes the
/// date and the phone as people do, Back from the slip asks nothing, the slip is reopened from /booking/manage and
/// downloads as an image, and cancelling asks first.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SlipAgainJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    private const string Nik = "1308051505900001";

    [Fact]
    public async Task A_resident_goes_back_from_the_slip_without_a_resubmission_reopens_it_from_manage_and_downloads_it()
    {
        await app.ResetAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress, Locale = "id-ID", ViewportSize = new ViewportSize { Width = 360, Height = 740 }, AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        await using var journey = await BrowserJourney.StartAsync(context, "slip-again-journey");
        var page = journey.Page;
        var failed = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") failed.Add(m.Text); };
        var booking = new BookingPages(page);
        async Task NotWiderThanThePhoneAsync(string name)
        {
            var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            Assert.True(size[0] <= size[1], $"{name} is {size[0]} px wide in {size[1]} px");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }

        await booking.ChooseServiceAsync("Perekaman baru");
        await booking.ChoosePlaceAsync("kec-rao");
        await booking.ChooseFirstSlotAsync();
        foreach (var id in new[] { "Married-yes", "Married-no" })
        {
            var box = (await page.Locator($"label[for='{id}']").BoundingBoxAsync())!;
            Assert.True(box.Width >= 44 && box.Height >= 44, $"{id}'s label is {box.Width} × {box.Height} px");
        }
        await booking.FillDetailsAsync(Nik, "1308050101100001", "Siti Rahmah", "1990-05-15", "0812 3456 7890", "Tanjuang Baringin");
        Assert.EndsWith("/booking/confirm", page.Url);
        Assert.Equal("15 Mei 1990", await page.Locator("#confirm-birth-date").InnerTextAsync());
        Assert.Equal("0812-3456-7890", await page.Locator("#confirm-phone").InnerTextAsync());
        await booking.ConfirmAsync();
        Assert.EndsWith("/booking/slip", page.Url);
        var code = await booking.SlipCodeAsync();
        Assert.StartsWith("Siti Rahmah", await page.Locator("#slip-name").InnerTextAsync());

        // Chromium would show "Confirm Form Resubmission" (net::ERR_CACHE_MISS) for a page that answered a POST.
        var back = await page.GoBackAsync();
        Assert.True(back is null || back.Ok, $"Back answered {back?.Status}");
        Assert.DoesNotContain("chrome-error", page.Url);
        Assert.True(await page.Locator("main#main").IsVisibleAsync(), "Back from the slip shows no portal page: " + page.Url);

        await booking.FindAsync(code, Nik);
        Assert.EndsWith("/booking/manage/appointment", page.Url);
        Assert.True(await page.Locator("#manage-slip svg.slip-qr").IsVisibleAsync());
        Assert.Equal(code, await page.Locator("#manage-slip #booking-code").InnerTextAsync());
        await NotWiderThanThePhoneAsync("manage with its slip");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Unduh sebagai gambar" }).ClickAsync());
        Assert.Equal($"janji-ktp-el-{code}.png", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"slip-{Guid.NewGuid():N}.png");
        await download.SaveAsAsync(file);
        var png = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.True(png.Length > 5_000, $"the image is only {png.Length} bytes");
        await BrowserFixture.ScreenshotAsync(page, "slip-again-manage");

        await page.GetByRole(AriaRole.Link, new() { Name = "Batalkan janji ini…" }).ClickAsync();
        Assert.EndsWith("/booking/manage/cancel", page.Url);
        await NotWiderThanThePhoneAsync("cancel question");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tidak, kembali" }).ClickAsync();
        Assert.Equal("Terjadwal", await page.Locator("#appointment-status").InnerTextAsync());
        await booking.CancelAsync("Berhalangan");
        Assert.Equal("Dibatalkan", await page.Locator("#appointment-status").InnerTextAsync());
        Assert.Empty(failed);
        journey.Passed();
    }
}
