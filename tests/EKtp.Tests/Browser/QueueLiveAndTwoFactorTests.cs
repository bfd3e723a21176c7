using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class QueueLiveAndTwoFactorTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task The_queue_page_of_a_second_counter_shows_a_check_in_and_a_call_made_at_the_first_without_reloading()
    {
        await app.ResetAsync();
        var appointment = await app.BookAsync("kec-rao", fullName: "Yusrizal Chaniago");
        var first = await app.CreateAsync(Roles.Operator, "kec-rao");
        var second = await app.CreateAsync(Roles.Operator, "kec-rao");
        await using var counterOneJourney = await browser.NewJourneyAsync(app.BaseAddress, "queue-live-counter-one", phone: false);
        await using var counterTwoJourney = await browser.NewJourneyAsync(app.BaseAddress, "queue-live-counter-two", phone: false);
        var one = counterOneJourney.Page;
        var two = counterTwoJourney.Page;
        var failed = new List<string>();
        two.Console += (_, m) => { if (m.Type == "error") failed.Add(m.Text); };

        await new StaffSignInPage(one).SignInAsync(first.Email!);
        await new StaffSignInPage(two).SignInAsync(second.Email!);
        var counterOne = new QueuePage(one, "kec-rao");
        await counterOne.OpenAsync();
        await two.GotoAsync("/staff/queue/kec-rao");
        await two.WaitForSelectorAsync("#queue-live[data-live='connected']", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await two.EvaluateAsync("window.__sameDocument = true");
        // What the second operator is typing survives the updates.
        await two.FillAsync("#checkin-code", "PSM-");

        await counterOne.CheckInAsync(appointment.Code);
        await two.WaitForFunctionAsync("() => document.querySelector('#waiting-list').textContent.includes('A-001')");
        await counterOne.CallNextAsync(counter: 1);
        await two.WaitForSelectorAsync("#called-table tr[data-ticket='A-001']");

        Assert.Contains("1", await two.Locator("#called-table tr[data-ticket='A-001'] td").Nth(1).InnerTextAsync());
        Assert.Contains("Menunggu: 0", await two.Locator("#queue-counts").InnerTextAsync());
        Assert.True(await two.EvaluateAsync<bool>("window.__sameDocument === true"), "the second counter's page reloaded instead of updating");
        Assert.Equal("PSM-", await two.InputValueAsync("#checkin-code"));
        // The first operator still gets their own message (the second page's fetches must not take it).
        Assert.Contains("Memanggil A-001 ke loket 1.", await counterOne.FlashAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(two);
        await BrowserFixture.ScreenshotAsync(two, "queue-second-counter-live");
        Assert.Empty(failed);
        counterOneJourney.Passed();
        counterTwoJourney.Passed();
    }

    [Fact]
    public async Task A_card_search_and_its_bulk_arrival_pass_the_accessibility_check_and_leave_no_name_in_the_address()
    {
        await app.ResetAsync();
        for (var i = 0; i < 2; i++)
        {
            var nik = StaffTestData.NewNik();
            await app.BookAsync("kec-rao", slotIndex: i, nik: nik, fullName: "Rahmat Hidayat Lubis");
            await app.CardAtAsync(CardStatus.Printed, nik);
        }
        var user = await app.CreateAsync(Roles.Operator, "dpks");
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "card-search", phone: false);
        var page = journey.Page;
        await new StaffSignInPage(page).SignInAsync(user.Email!);

        await page.GotoAsync("/staff/cards");
        await page.FillAsync("#search-query", "Lubis");
        await page.ClickAndWaitForPageAsync("#search-form button[type=submit]", method: "POST");
        Assert.Equal(2, await page.Locator("#cards-table tbody tr").CountAsync());
        Assert.Contains("Rahmat Hidayat Lubis", await page.Locator("#cards-table").InnerTextAsync());
        Assert.DoesNotContain("Lubis", page.Url);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "staff-card-search");

        await page.SelectOptionAsync("#arrive-collection", new Microsoft.Playwright.SelectOptionValue { Label = "Kantor Camat Rao" });
        await page.ClickAndWaitForPageAsync("#arrive-form button[value=all]");
        Assert.Contains("2 kartu tiba di Kantor Camat Rao.", await page.Locator(".alert-success").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        journey.Passed();
    }

    [Fact]
    public async Task The_two_factor_enrolment_QR_is_its_own_size_and_the_code_box_is_on_the_first_screen()
    {
        await app.ResetAsync();
        var user = await app.CreateAsync(Roles.Operator, "kec-rao");
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "two-factor-width", phone: false);
        var page = journey.Page;
        var csp = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) csp.Add(m.Text); };
        await new StaffSignInPage(page).SignInAsync(user.Email!);

        var twoFactor = new TwoFactorPage(page);
        await twoFactor.OpenAsync();

        var qr = (await twoFactor.QrCode.BoundingBoxAsync())!;
        var code = (await page.GetByLabel("Kode dari aplikasi").BoundingBoxAsync())!;
        Assert.InRange(qr.Width, 200, 260);
        Assert.InRange(qr.Height, 200, 260);
        Assert.True(code.Y + code.Height <= 900, $"the code box ends at {code.Y + code.Height} px, below the 900 px screen");
        Assert.Equal(0, await page.Locator("main [style]").CountAsync());
        Assert.Empty(csp);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "two-factor-enrolment-desktop");
        journey.Passed();
    }
}
