using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class StaffQueueJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task An_operator_checks_in_calls_and_records_a_resident_while_the_board_updates_live()
    {
        await app.ResetAsync();
        const string nik = "1308051203900123";
        var appointment = await app.BookAsync("kec-rao", nik: nik, fullName: "Yusrizal Chaniago");
        var operatorUser = await app.CreateAsync(Roles.Operator, "kec-rao");
        await using var boardTabJourney = await browser.NewJourneyAsync(app.BaseAddress, "staff-queue-journey-boardTab", phone: false);
        var boardTab = boardTabJourney.Page;
        await using var staffTabJourney = await browser.NewJourneyAsync(app.BaseAddress, "staff-queue-journey-staffTab", phone: false);
        var staffTab = staffTabJourney.Page;
        var failed = new List<string>();
        boardTab.Console += (_, m) => { if (m.Type == "error") failed.Add("board: " + m.Text); };
        staffTab.Console += (_, m) => { if (m.Type == "error") failed.Add("staff: " + m.Text); };

        var board = new DisplayBoardPage(boardTab, "kec-rao");
        await board.OpenAsync();
        await board.WaitUntilLiveAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(boardTab);

        await new StaffSignInPage(staffTab).SignInAsync(operatorUser.Email!);
        var queue = new QueuePage(staffTab, "kec-rao");
        await queue.OpenAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(staffTab);
        await queue.CheckInAsync(appointment.Code);
        Assert.Contains("A-001", await queue.FlashAsync());

        await queue.CallNextAsync(counter: 2);
        Assert.Contains("Memanggil A-001 ke loket 2.", await queue.FlashAsync());
        await BrowserFixture.ScreenshotAsync(staffTab, "staff-queue");
        await board.WaitForServingAsync("A-001");
        Assert.Contains("Loket 2", await board.ServingAsync());
        Assert.True(await board.WasNotReloadedAsync(), "the board reloaded instead of updating live");
        Assert.DoesNotContain("Yusrizal", await boardTab.ContentAsync());
        await BrowserFixture.ScreenshotAsync(boardTab, "display-board");

        await queue.ServeAsync("A-001");
        Assert.Contains("Yusrizal Chaniago", await staffTab.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(staffTab);
        await BrowserFixture.ScreenshotAsync(staffTab, "staff-ticket");
        await queue.RecordAsync();
        Assert.Contains("A-001: perekaman tercatat", await queue.FlashAsync());

        var card = await app.WithDbAsync(db => db.Cards.SingleAsync(c => c.NikHash == appointment.NikHash));
        Assert.Equal(CardStatus.Recorded, card.Status);

        // The resident, on their phone, now sees the recording and the card on /status.
        await using var residentJourney = await browser.NewJourneyAsync(app.BaseAddress, "staff-queue-journey-resident");
        var resident = residentJourney.Page;
        await resident.GotoAsync("/status");
        await resident.FillAsync("#Code", appointment.Code);
        await resident.FillAsync("#Nik", nik);
        await resident.ClickAsync("#lookup-form button[type=submit]");
        await resident.Locator("#card-text").WaitForAsync();
        Assert.Contains("Perekaman sudah selesai", await resident.Locator("#appointment-text").InnerTextAsync());
        Assert.Contains("sudah direkam", await resident.Locator("#card-text").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(resident, "status-recorded");
        residentJourney.Passed();
        Assert.Empty(failed);
        boardTabJourney.Passed();
        staffTabJourney.Passed();
    }

    [Fact]
    public async Task The_card_pipeline_and_blank_stock_pages_pass_the_accessibility_check()
    {
        await app.ResetAsync();
        await app.CardAtAsync(CardStatus.PrintReady);
        await app.CardAtAsync(CardStatus.PrintReady);
        var admin = await app.CreateAsync(Roles.Admin);
        await using var pageJourney = await browser.NewJourneyAsync(app.BaseAddress, "staff-queue-journey-page", phone: false);
        var page = pageJourney.Page;
        await new StaffSignInPage(page).SignInAsync(admin.Email!);

        await page.GotoAsync("/staff/stock/dpks");
        await page.SelectOptionAsync("#stock-kind", "Received");
        await page.FillAsync("#stock-quantity", "30");
        await page.ClickAndWaitForPageAsync("#stock-form button[type=submit]");
        Assert.Equal("30", await page.Locator("#stock-balance").InnerTextAsync());
        Assert.True(await page.Locator("#stock-warning").IsVisibleAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "staff-stock");

        await page.GotoAsync("/staff/cards?status=PrintReady");
        foreach (var box in await page.Locator("#cards-table input[name='Cards']").AllAsync()) await box.CheckAsync();
        await page.SelectOptionAsync("#move-to", "Printed");
        await page.SelectOptionAsync("#move-printing", new Microsoft.Playwright.SelectOptionValue { Label = "Kantor Dinas Kependudukan dan Pencatatan Sipil" });
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ClickAndWaitForPageAsync("#move-form button[type=submit]");
        Assert.Contains("2 kartu dipindah", await page.Locator(".alert-success").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "staff-cards");

        await page.GotoAsync("/staff/cards/import");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        Assert.Equal(28, await app.WithDbAsync(db => db.BlankStockBalances.Select(b => b.Balance).SingleAsync()));
        pageJourney.Passed();
    }
}
