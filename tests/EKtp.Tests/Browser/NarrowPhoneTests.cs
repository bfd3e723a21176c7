using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Privacy;
using EKtp.Tests.Integration.ServiceStatus;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.HomeVisits;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>Issue 14, item 2: on a 360 × 740 phone no resident page scrolls sideways, and nothing leaves the slip; the
/// board's point notice and an erased home visit's status page are on the walk too (issue 15).</summary>
[Collection(BrowserCollection.Name)]
public class NarrowPhoneTests(KestrelAppFactory app, BrowserFixture browser)
{
    private const string Nik = "1308051505900001";
    private const string Kk = "1308050101100001";

    /// <summary>The smallest text a resident is asked to read (the hint size of resident.css, 0.875 rem).</summary>
    private const double MinimumTextPx = 14;

    [Fact]
    public async Task No_resident_page_scrolls_sideways_on_a_360_px_phone_and_the_slip_holds_its_code()
    {
        await app.ResetAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress, Locale = "id-ID", ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") failed.Add(m.Text); };
        var booking = new BookingPages(page);
        var wide = new List<string>();
        async Task CheckAsync(string name)
        {
            var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            if (size[0] > size[1]) wide.Add($"{name} ({page.Url}): {size[0]} px wide in {size[1]} px");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }

        foreach (var path in new[] { "/", "/service-status", "/mobile-visit", "/status", "/booking/manage" })
        {
            await page.GotoAsync(path);
            await CheckAsync(path);
        }
        await page.GotoAsync("/");
        Assert.Contains("(jemput bola), agar Anda tidak datang sia-sia.", await page.Locator(".lead").InnerTextAsync());
        await booking.ChooseServiceAsync("Perekaman baru");
        await CheckAsync("place");
        await booking.ChoosePlaceAsync("kec-rao");
        await CheckAsync("slots");
        await booking.ChooseFirstSlotAsync();
        await CheckAsync("details");
        await booking.FillDetailsAsync(Nik, Kk, "Siti Rahmah binti Muhammad Syafei Datuak Rajo Ameh", "1990-05-15", "0812 3456 7890", "Tanjuang Baringin");
        await CheckAsync("confirm");
        Assert.Equal("1308 0515 0590 0001", await page.Locator("#confirm-nik").InnerTextAsync());
        Assert.Equal("1308 0501 0110 0001", await page.Locator("#confirm-kk").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "narrow-confirm");
        await booking.ConfirmAsync();
        await CheckAsync("slip");
        var slip = (await page.Locator(".slip").BoundingBoxAsync())!;
        var code = (await page.Locator("#booking-code").BoundingBoxAsync())!;
        Assert.True(code.X + code.Width <= slip.X + slip.Width, $"the code ends at {code.X + code.Width} px, the slip at {slip.X + slip.Width} px");
        await BrowserFixture.ScreenshotAsync(page, "narrow-slip");
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Tambahkan ke kalender" }).IsVisibleAsync());
        Assert.Contains("NIK 1308 **** **** 0001", await page.Locator(".slip-details").InnerTextAsync());
        var bookingCode = await booking.SlipCodeAsync();

        await booking.FindAsync(bookingCode, Nik);
        await CheckAsync("manage appointment");
        await page.GotoAsync("/status");
        await page.GetByLabel("Kode janji temu").FillAsync(bookingCode);
        await page.Locator("#lookup-form").GetByLabel("NIK").FillAsync(Nik);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cek status" }).ClickAsync();
        await page.Locator("#status-result").WaitForAsync();
        await CheckAsync("status result");

        // The board the status page links, with what is declared for its point: the notice is read on the phone too.
        await TomorrowSeeds.PlanTomorrowAsync(app);
        await page.GotoAsync("/display/kec-rao");
        var notice = page.Locator("[data-point-notice] [data-day='tomorrow'] li").First;
        Assert.Contains(TomorrowSeeds.NetworkNote, await notice.InnerTextAsync());
        await CheckAsync("board with the point notice");
        var noticePx = await notice.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(noticePx >= MinimumTextPx, $"the point notice is set in {noticePx} px on a 360 px phone");
        await BrowserFixture.ScreenshotAsync(page, "narrow-board-notice");

        // A home visit closed more than the retention period ago: its status page says the details were erased.
        var visit = VisitAndSchoolListRetentionTests.Visit(HomeVisitStatus.Declined, VisitAndSchoolListRetentionTests.March);
        await app.WithDbAsync(db => { db.HomeVisitRequests.Add(visit); return db.SaveChangesAsync(); });
        app.Clock.SetUtcNow(Wib.At(VisitAndSchoolListRetentionTests.March.AddDays(400), new TimeOnly(9, 0)));
        await VisitAndSchoolListRetentionTests.EraseAsync(app);
        await page.GotoAsync(HomeVisitController.StatusPath(visit.Reference));
        Assert.Contains("sudah dihapus pada", await page.Locator("#home-visit-erased").InnerTextAsync());
        await CheckAsync("erased home visit");
        await BrowserFixture.ScreenshotAsync(page, "narrow-home-visit-erased");

        Assert.True(wide.Count == 0, "Pages wider than the phone:\n" + string.Join("\n", wide));
        Assert.Empty(failed);
        await context.CloseAsync();
    }
}
