using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>/home-visit and its status page, as a resident fills them.</summary>
public sealed class HomeVisitPages(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/home-visit");

    public async Task SendAsync() => await page.GetByRole(AriaRole.Button, new() { Name = "Kirim permintaan" }).ClickAsync();

    public async Task FillAsync(string resident, string reason, string villageCode, string address, string phone, string family)
    {
        await page.GetByLabel("Nama warga yang akan direkam").FillAsync(resident);
        await page.GetByLabel(reason, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Nagari").SelectOptionAsync(villageCode);
        await page.GetByLabel("Alamat rumah").FillAsync(address);
        await page.GetByLabel("Nomor HP yang dapat dihubungi").FillAsync(phone);
        await page.GetByLabel("Nama anggota keluarga yang mendampingi").FillAsync(family);
    }

    public ILocator ErrorSummary => page.Locator("#error-summary");

    public async Task<string> ReferenceAsync()
    {
        await page.Locator("#home-visit-reference").WaitForAsync();
        return await page.Locator("#home-visit-reference").InnerTextAsync();
    }

    public ILocator State => page.Locator("#home-visit-state");
}
