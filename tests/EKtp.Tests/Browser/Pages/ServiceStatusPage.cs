using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>/service-status: every point's state today.</summary>
public sealed class ServiceStatusPage(IPage page)
{
    public Task OpenAsync() => page.GotoAsync("/service-status");

    public ILocator Point(string code) => page.Locator($"[data-point='{code}']");

    public Task<string?> StateOfAsync(string code) => Point(code).GetAttributeAsync("data-state");
}

/// <summary>/service-status/my-appointment: a resident finds their appointment and, if a disruption affects it, rebooks.</summary>
public sealed class MyAppointmentPage(IPage page)
{
    public async Task LookUpAsync(string code, string nik)
    {
        await page.GotoAsync("/service-status/my-appointment");
        await page.GetByLabel("Kode janji temu").FillAsync(code);
        await page.GetByLabel("NIK").FillAsync(nik);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cek janji" }).ClickAsync();
    }

    public ILocator Notice => page.Locator(".affected-appointment");

    public ILocator SamePointButton => page.Locator("button[data-option='SamePoint']");

    public ILocator Flash => page.Locator(".alert-success");
}
