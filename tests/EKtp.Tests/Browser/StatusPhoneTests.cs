using System.Text.RegularExpressions;
using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>Issue 14, items 6 and 11, on a 360 × 740 phone: a walk-in finds their card, and a booked resident their place in the queue.</summary>
[Collection(BrowserCollection.Name)]
public partial class StatusPhoneTests(KestrelAppFactory app, BrowserFixture browser)
{
    private const string WalkInNik = "1308054101900777";
    private const string WalkInKk = "1308050101100077";

    [GeneratedRegex(@"Kode status (\S+):")]
    private static partial Regex StatusCodeInFlash();

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(size[0] <= size[1], $"{page.Url} is {size[0]} px wide in {size[1]} px");
    }

    [Fact]
    public async Task A_walk_in_finds_their_card_on_a_360_px_phone_by_status_code_and_by_NIK_and_KK()
    {
        await app.ResetAsync();
        // An Operator of the DPKS office runs its queue and, there, the card pipeline.
        var operatorUser = await app.CreateAsync(Roles.Operator, "dpks");
        await using var staffJourney = await browser.NewJourneyAsync(app.BaseAddress, "walk-in-status-staff", phone: false);
        var staff = staffJourney.Page;
        await new StaffSignInPage(staff).SignInAsync(operatorUser.Email!);
        var queue = new QueuePage(staff, "dpks");
        await queue.OpenAsync();
        await staff.FillAsync("#walkin-phone", "0812 3456 7890");
        await staff.ClickAndWaitForPageAsync("#walkin-form button[type=submit]");
        var flash = await queue.FlashAsync();
        Assert.Contains("B-001", flash);
        var code = StatusCodeInFlash().Match(flash).Groups[1].Value;
        Assert.True(BookingCode.IsWellFormed(code), flash);

        await queue.CallNextAsync(counter: 1);
        await queue.ServeAsync("B-001");
        await staff.FillAsync("#outcome-nik", WalkInNik);
        await staff.FillAsync("#outcome-kk", WalkInKk);
        await Accessibility.AssertNoSeriousViolationsAsync(staff);
        await queue.RecordAsync();
        Assert.Contains("B-001: perekaman tercatat", await queue.FlashAsync());
        // The card moves on: sent to the centre for the check.
        await staff.GotoAsync("/staff/cards?status=Recorded");
        await staff.Locator("#cards-table input[name='Cards']").CheckAsync();
        await staff.SelectOptionAsync("#move-to", "SentForEnrollment");
        await staff.ClickAndWaitForPageAsync("#move-form button[type=submit]");
        Assert.Contains("1 kartu dipindah", await staff.Locator(".alert-success").InnerTextAsync());
        staffJourney.Passed();

        await using var residentJourney = await browser.NewJourneyAsync(app.BaseAddress, "walk-in-status-resident",
            viewport: ServiceStatusPhoneTests.SmallPhone);
        var resident = residentJourney.Page;
        await resident.GotoAsync("/status");
        await AssertNoSidewaysScrollAsync(resident);
        await resident.GetByLabel("Kode janji temu").FillAsync(code);
        await resident.Locator("#lookup-form").GetByLabel("NIK").FillAsync(WalkInNik);
        await resident.GetByRole(AriaRole.Button, new() { Name = "Cek status" }).ClickAsync();
        await resident.Locator("#status-result").WaitForAsync();
        Assert.Contains($"Kode status {code}", await resident.Locator("#status-result h2").InnerTextAsync());
        Assert.Contains("nomor antrean B-001", await resident.Locator("#visit-text").InnerTextAsync());
        Assert.Contains("sedang diperiksa di pusat", await resident.Locator("#card-text").InnerTextAsync());
        Assert.DoesNotContain("/status?", resident.Url);
        await AssertNoSidewaysScrollAsync(resident);
        await Accessibility.AssertNoSeriousViolationsAsync(resident);
        await BrowserFixture.ScreenshotAsync(resident, "walk-in-status-by-code");

        // Separately, without the code: NIK and KK off the family card.
        await resident.GotoAsync("/status");
        await resident.Locator("#card-lookup-form").GetByLabel("NIK").FillAsync(WalkInNik);
        await resident.GetByRole(AriaRole.Textbox, new() { Name = "Nomor KK" }).FillAsync(WalkInKk);
        await resident.GetByRole(AriaRole.Button, new() { Name = "Cari kartu" }).ClickAsync();
        await resident.Locator("#status-result").WaitForAsync();
        Assert.Contains("sedang diperiksa di pusat", await resident.Locator("#card-text").InnerTextAsync());
        Assert.EndsWith("/status/card", resident.Url);
        Assert.DoesNotContain(WalkInNik, await resident.ContentAsync());
        await AssertNoSidewaysScrollAsync(resident);
        await Accessibility.AssertNoSeriousViolationsAsync(resident);
        await BrowserFixture.ScreenshotAsync(resident, "walk-in-status-by-nik-and-kk");
        residentJourney.Passed();
    }

    [Fact]
    public async Task A_booked_resident_sees_their_place_in_todays_queue_on_a_360_px_phone_and_opens_the_board()
    {
        await app.ResetAsync();
        var nik = StaffTestData.NewNik();
        var first = await app.BookAsync("kec-rao", slotIndex: 0);
        var mine = await app.BookAsync("kec-rao", slotIndex: 1, nik: nik);
        var operatorUser = await app.CreateAsync(Roles.Operator, "kec-rao");
        await using var staffJourney = await browser.NewJourneyAsync(app.BaseAddress, "queue-place-staff", phone: false);
        var staff = staffJourney.Page;
        await new StaffSignInPage(staff).SignInAsync(operatorUser.Email!);
        var queue = new QueuePage(staff, "kec-rao");
        await queue.OpenAsync();
        await queue.CheckInAsync(first.Code);
        await queue.CheckInAsync(mine.Code);
        Assert.Contains("A-002", await queue.FlashAsync());
        await queue.CallNextAsync(counter: 3);
        Assert.Contains("Memanggil A-001", await queue.FlashAsync());
        staffJourney.Passed();

        await using var residentJourney = await browser.NewJourneyAsync(app.BaseAddress, "queue-place-resident",
            viewport: ServiceStatusPhoneTests.SmallPhone);
        var resident = residentJourney.Page;
        await resident.GotoAsync("/status");
        await resident.GetByLabel("Kode janji temu").FillAsync(mine.Code);
        await resident.Locator("#lookup-form").GetByLabel("NIK").FillAsync(nik);
        await resident.GetByRole(AriaRole.Button, new() { Name = "Cek status" }).ClickAsync();
        await resident.Locator("#queue-text").WaitForAsync();
        Assert.Equal("Anda nomor A-002; sedang dipanggil A-001.", (await resident.Locator("#queue-text").InnerTextAsync()).Trim());
        await AssertNoSidewaysScrollAsync(resident);
        await Accessibility.AssertNoSeriousViolationsAsync(resident);
        await BrowserFixture.ScreenshotAsync(resident, "status-queue-place");

        await resident.ClickAsync("#board-link");
        await resident.WaitForURLAsync("**/display/kec-rao");
        Assert.Contains("A-001", await resident.Locator("#serving").InnerTextAsync());
        residentJourney.Passed();
    }
}
