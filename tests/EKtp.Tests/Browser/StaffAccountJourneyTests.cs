using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class StaffAccountJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_creates_an_operator_who_signs_in_and_enrols_two_factor()
    {
        await app.ResetAsync();
        var admin = await app.CreateAsync(Roles.Admin);
        const string email = "rina.operator@ektp.test";
        const string password = "Sawah hijau di Rao pagi hari";

        await using var adminPageJourney = await browser.NewJourneyAsync(app.BaseAddress, "staff-account-journey-adminPage", phone: false);
        var adminPage = adminPageJourney.Page;
        await new StaffSignInPage(adminPage).SignInAsync(admin.Email!, StaffAccounts.Password);
        await adminPage.WaitForURLAsync("**/staff");
        var accounts = new StaffAccountsPage(adminPage);
        await adminPage.GotoAsync("/admin/staff/new");
        await Accessibility.AssertNoSeriousViolationsAsync(adminPage);
        await accounts.CreateOperatorAsync(email, "Rina Operator", "Kantor Camat Rao", password);
        Assert.Contains("Kantor Camat Rao", await accounts.Row(email).InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(adminPage, "admin-staff-account-created");
        adminPageJourney.Passed();

        await using var pageJourney = await browser.NewJourneyAsync(app.BaseAddress, "staff-account-journey-page");
        var page = pageJourney.Page;
        var signIn = new StaffSignInPage(page);
        await signIn.SignInAsync(email, password);
        await page.WaitForURLAsync("**/staff");
        var twoFactor = new TwoFactorPage(page);
        await twoFactor.OpenAsync();
        Assert.True(await twoFactor.QrCode.IsVisibleAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "operator-two-factor-enrolment");
        var key = await twoFactor.ManualKeyAsync();
        await twoFactor.EnrolAsync(Totp.Code(key, app.Clock.GetUtcNow()));
        Assert.Contains("Verifikasi dua langkah aktif", await page.GetByRole(Microsoft.Playwright.AriaRole.Status).InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "operator-two-factor-enabled");

        // The next sign-in asks for the code from the app.
        await signIn.SignOutAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await signIn.SignInAsync(email, password);
        await signIn.EnterCodeAsync(Totp.Code(key, app.Clock.GetUtcNow()));
        await page.WaitForURLAsync("**/staff");
        Assert.Contains("Kantor Camat Rao", await page.Locator("main").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "operator-signed-in-with-two-factor");
        pageJourney.Passed();

        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }
}
