using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>/admin/staff: the list of staff accounts and the form that creates one.</summary>
public sealed class StaffAccountsPage(IPage page)
{
    public async Task CreateOperatorAsync(string email, string name, string pointName, string password)
    {
        await page.GotoAsync("/admin/staff");
        await page.GetByRole(AriaRole.Link, new() { Name = "Buat akun" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Nama", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Peran").SelectOptionAsync(new SelectOptionValue { Label = "Operator (petugas tempat layanan)" });
        await page.GetByLabel("Tempat layanan (wajib untuk Operator)").SelectOptionAsync(new SelectOptionValue { Label = pointName });
        await page.GetByLabel("Kata sandi awal").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buat akun" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/staff");
    }

    public ILocator Row(string email) => page.Locator("table.staff-accounts tbody tr", new() { HasText = email });
}
