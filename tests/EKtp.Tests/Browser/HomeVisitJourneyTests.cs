using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>Issue 15, item A1: a family asks on a 360 px phone for a resident to be recorded at home; an admin plans it.</summary>
[Collection(BrowserCollection.Name)]
public class HomeVisitJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    private static async Task AssertFitsAsync(IPage page)
    {
        var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(size[0] <= size[1], $"{page.Url} is {size[0]} px wide in {size[1]} px");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_home_visit_is_asked_for_on_a_360_px_phone_without_sideways_scrolling_and_planned_by_an_admin()
    {
        await app.ResetAsync();
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "home-visit-request", viewport: new ViewportSize { Width = 360, Height = 740 });
        var page = journey.Page;
        var form = new HomeVisitPages(page);

        await form.OpenAsync();
        await AssertFitsAsync(page);
        await form.SendAsync();
        await form.ErrorSummary.WaitForAsync();
        Assert.Contains("Isi nama warga yang akan direkam.", await form.ErrorSummary.InnerTextAsync());
        await AssertFitsAsync(page);

        await form.FillAsync("Nurhayati binti Sutan Marajo Nan Panjang Namonyo", "Sakit atau terbaring di tempat tidur", "13.08.14.2005",
            "Jorong Kampung Tangah, di belakang surau Nurul Huda, rumah bercat hijau", "0812 7788 9900", "Yuliana");
        await form.SendAsync();
        var reference = await form.ReferenceAsync();
        Assert.Matches("^JB-[A-Z0-9]{7}$", reference);
        Assert.EndsWith("/home-visit/status/" + reference, page.Url);
        Assert.Contains("Petugas sedang menjadwalkan", await form.State.InnerTextAsync());
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "home-visit-status");

        // An admin plans it into a mobile-unit day; the stop lists it, and the resident's status page shows the date.
        var stop = await app.WithDbAsync(async db =>
        {
            var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
            var s = new MobileStop { ServicePointId = unit.Id, Date = new DateOnly(2027, 3, 4), VillageCode = "13.08.14.2005", Place = "Kantor Wali Nagari",
                Start = new(8, 0), End = new(12, 0) };
            db.MobileStops.Add(s);
            await db.SaveChangesAsync();
            return s;
        });
        var admin = await app.CreateAsync(Roles.Admin);
        await using var adminJourney = await browser.NewJourneyAsync(app.BaseAddress, "home-visit-admin", phone: false);
        var staff = adminJourney.Page;
        await new StaffSignInPage(staff).SignInAsync(admin.Email!, StaffAccounts.Password);
        await staff.WaitForURLAsync("**/staff");
        await staff.GotoAsync("/admin/home-visits");
        await Accessibility.AssertNoSeriousViolationsAsync(staff);
        await staff.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await staff.Locator("#home-visit-detail").WaitForAsync();
        Assert.Contains("rumah bercat hijau", await staff.Locator("#home-visit-detail").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(staff);
        await staff.Locator("#StopId").SelectOptionAsync(stop.Id.ToString());
        await staff.GetByRole(AriaRole.Button, new() { Name = "Jadwalkan", Exact = true }).ClickAsync();
        await staff.Locator("#done-form").WaitForAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(staff);
        await staff.GotoAsync("/admin/mobile-stops");
        Assert.Contains(reference, await staff.Locator($"tr[data-stop='{stop.Id}']").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(staff);
        await staff.GotoAsync("/staff/recordings/mobil-1");
        await Accessibility.AssertNoSeriousViolationsAsync(staff);
        await BrowserFixture.ScreenshotAsync(staff, "home-visit-on-stops");
        adminJourney.Passed();

        await page.ReloadAsync();
        Assert.Contains("4 Maret 2027", await form.State.InnerTextAsync());
        await AssertFitsAsync(page);
        journey.Passed();
    }
}
