using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>/staff/two-factor: enrolment of an authenticator app by QR code or manual key.</summary>
public sealed class TwoFactorPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/staff/two-factor");

    public ILocator QrCode => page.Locator(".qr-enrolment svg");

    public async Task<string> ManualKeyAsync() => (await page.Locator(".manual-key").GetAttributeAsync("data-key"))!.Replace(" ", "");

    public async Task EnrolAsync(string code)
    {
        await page.GetByLabel("Kode dari aplikasi").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aktifkan" }).ClickAsync();
        await page.WaitForURLAsync("**/staff");
    }
}
