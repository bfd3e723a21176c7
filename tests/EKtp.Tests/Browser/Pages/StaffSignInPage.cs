using EKtp.Tests.Support;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>/staff/sign-in and its second step, /staff/sign-in/two-factor.</summary>
public sealed class StaffSignInPage(IPage page)
{
    public async Task SignInAsync(string email, string password = StaffAccounts.Password)
    {
        await page.GotoAsync("/staff/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.ClickAndWaitForPageAsync("form[action='/staff/sign-in'] button[type=submit]");
    }

    public async Task EnterCodeAsync(string code)
    {
        await page.WaitForURLAsync("**/staff/sign-in/two-factor**");
        await page.GetByLabel("Kode", new() { Exact = true }).FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
    }

    public async Task SignOutAsync() => await page.Locator("form[action='/staff/sign-out'] button").ClickAsync();
}
