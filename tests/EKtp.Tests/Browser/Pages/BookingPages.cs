using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>The resident's booking journey as a person sees it: labels and buttons, not ids.</summary>
public sealed class BookingPages(IPage page)
{
    public IPage Page => page;

    public async Task ChooseServiceAsync(string serviceLabel)
    {
        await page.GotoAsync("/booking");
        await page.GetByLabel(serviceLabel).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lanjut: pilih tempat" }).ClickAsync();
    }

    /// <summary>The place step's first question: the nagari the resident lives in.</summary>
    public async Task ChooseVillageAsync(string villageName)
    {
        await page.GetByLabel("Nagari tempat tinggal Anda").SelectOptionAsync(new SelectOptionValue { Label = villageName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tampilkan tempat terdekat" }).ClickAsync();
    }

    public async Task ChoosePlaceAsync(string pointCode) =>
        await page.Locator($"a.place-link[href$='point={pointCode}']").ClickAsync();

    public async Task ChooseFirstSlotAsync()
    {
        await page.Locator("input[name='slot']").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lanjut: isi data diri" }).ClickAsync();
    }

    /// <summary>A null <paramref name="villageName"/>: the nagari came from the place step and is left as it is.</summary>
    public async Task FillDetailsAsync(string nik, string kk, string name, string birthDate, string phone, string? villageName)
    {
        await page.GetByLabel("NIK", new() { Exact = true }).FillAsync(nik);
        await page.GetByLabel("Nomor Kartu Keluarga (KK)").FillAsync(kk);
        await page.GetByLabel("Nama lengkap sesuai KK").FillAsync(name);
        await page.GetByLabel("Tanggal lahir").FillAsync(birthDate);
        await page.GetByLabel("Nomor HP").FillAsync(phone);
        if (villageName is not null)
            await page.GetByLabel("Nagari tempat tinggal").SelectOptionAsync(new SelectOptionValue { Label = villageName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lanjut: periksa" }).ClickAsync();
    }

    public async Task ConfirmAsync() => await page.GetByRole(AriaRole.Button, new() { Name = "Ya, buat janji" }).ClickAsync();

    public async Task<string> SlipCodeAsync() => await page.Locator("#booking-code").InnerTextAsync();

    public async Task FindAsync(string code, string nik)
    {
        await page.GotoAsync("/booking/manage");
        await page.GetByLabel("Kode janji temu").FillAsync(code);
        await page.GetByLabel("NIK").FillAsync(nik);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cari janji" }).ClickAsync();
    }

    public async Task CancelAsync(string reason)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Batalkan janji ini…" }).ClickAsync();
        await page.GetByLabel("Alasan (boleh dikosongkan)").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ya, batalkan janji ini" }).ClickAsync();
    }
}
