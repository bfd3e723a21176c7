using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>Issue 15, A3/A5/A6: the pages these items changed stay free of serious accessibility violations.</summary>
[Collection(BrowserCollection.Name)]
public class Issue15ServicesAccessibilityTests(KestrelAppFactory app, BrowserFixture browser)
{
    /// <summary>Submits a form the server answers by showing it again (a refused POST, no redirect).</summary>
    private static async Task SubmitShownAgainAsync(IPage page, string selector)
    {
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(selector), r => r.Request.IsNavigationRequest && r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    [Fact]
    public async Task Service_status_with_blank_stock_is_accessible_on_a_phone()
    {
        await app.ResetAsync();
        var dpks = await app.PointIdAsync("dpks");
        await app.WithDbAsync(async db =>
        {
            db.BlankStock.Add(new BlankStockEntry { ServicePointId = dpks, Kind = BlankStockKind.Received, Quantity = 500, At = app.Clock.GetUtcNow().AddDays(-3), ById = Guid.NewGuid() });
            db.BlankStock.Add(new BlankStockEntry { ServicePointId = dpks, Kind = BlankStockKind.Used, Quantity = 28, At = app.Clock.GetUtcNow().AddDays(-1), ById = Guid.NewGuid() });
            await db.SaveChangesAsync();
        });
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "service-status-stock", viewport: ServiceStatusPhoneTests.SmallPhone);
        var page = journey.Page;

        await page.GotoAsync("/service-status");

        Assert.Contains("Mencetak KTP-el · blangko 472, cukup ±236 hari", await page.Locator("[data-point='dpks'] [data-stock]").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "service-status-stock");
        journey.Passed();
    }

    [Fact]
    public async Task The_extra_sessions_form_with_its_errors_and_after_opening_is_accessible()
    {
        await app.ResetAsync();
        var admin = await app.CreateAsync(Roles.Admin);
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "extra-sessions", phone: false);
        var page = journey.Page;
        await new StaffSignInPage(page).SignInAsync(admin.Email!);

        await page.GotoAsync("/admin/extra-sessions");
        await page.FillAsync("#extra-dates", "2027-02-01");
        await page.CheckAsync("#point-kec-rao");
        await SubmitShownAgainAsync(page, "#extra-sessions-form button[type=submit]");
        Assert.Contains("sudah lewat", await page.Locator("#Dates-error").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.FillAsync("#extra-dates", "2027-03-06\n2027-03-07");
        await page.CheckAsync("#point-kec-rao");
        await page.ClickAndWaitForPageAsync("#extra-sessions-form button[type=submit]");
        Assert.Contains("2 sesi tambahan dibuka", await page.Locator(".alert-success").InnerTextAsync());
        Assert.Equal(2, await page.Locator("#extra-sessions tbody tr").CountAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "extra-sessions");
        journey.Passed();
    }

    [Fact]
    public async Task Serving_an_ikd_walk_in_and_the_dashboard_figures_are_accessible()
    {
        await app.ResetAsync();
        var rao = await app.PointIdAsync("kec-rao");
        var ticket = new QueueTicket
        {
            ServicePointId = rao, ServiceDate = app.Clock.Today(), Series = TicketSeries.B, Number = 1, Service = ServiceType.IkdActivation,
            Status = TicketStatus.Called, Counter = 1, IssuedAt = app.Clock.GetUtcNow(), OrderAt = app.Clock.GetUtcNow(), CalledAt = app.Clock.GetUtcNow(),
        };
        await app.WithDbAsync(async db => { db.QueueTickets.Add(ticket); await db.SaveChangesAsync(); });
        var operatorUser = await app.CreateAsync(Roles.Operator, "kec-rao");
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "ikd-outcome", phone: false);
        var page = journey.Page;
        await new StaffSignInPage(page).SignInAsync(operatorUser.Email!);

        await page.GotoAsync($"/staff/queue/kec-rao/tickets/{ticket.Id}");
        await page.CheckAsync("#ikd-failed");
        await SubmitShownAgainAsync(page, "#ikd-outcome-form button[type=submit]");
        Assert.Equal("Pilih alasan aktivasi IKD gagal.", (await page.Locator("#Reason-error").InnerTextAsync()).Trim());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.SelectOptionAsync("#ikd-reason", "NoSmartphone");
        await page.ClickAndWaitForPageAsync("#ikd-outcome-form button[type=submit]");
        Assert.Contains("B-001: aktivasi IKD gagal", await new QueuePage(page, "kec-rao").FlashAsync());

        var head = await app.CreateAsync(Roles.Head);
        await using var headJourney = await browser.NewJourneyAsync(app.BaseAddress, "ikd-dashboard", phone: false);
        await new StaffSignInPage(headJourney.Page).SignInAsync(head.Email!);
        await headJourney.Page.GotoAsync("/dashboard");
        Assert.Contains("Kantor Camat Rao", await headJourney.Page.Locator("#ikd-by-point").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(headJourney.Page);
        headJourney.Passed();
        journey.Passed();
    }
}
