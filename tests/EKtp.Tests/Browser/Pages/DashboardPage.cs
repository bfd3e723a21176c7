using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>The head's dashboard, driven as a person would: sign in, filter, drill down, download.</summary>
public sealed class DashboardPage(IPage page)
{
    public IPage Page => page;

    /// <summary>Opens the dashboard signed out, is sent to sign in, and comes back to the dashboard.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await page.GotoAsync("/dashboard");
        await page.WaitForURLAsync("**/staff/sign-in?*");
        await page.FillAsync("input[name='Email']", email);
        await page.FillAsync("input[name='Password']", password);
        await page.ClickAsync("form[action='/staff/sign-in'] button[type='submit']");
        await page.WaitForURLAsync("**/dashboard");
        await page.WaitForSelectorAsync("#table-coverage");
    }

    public async Task OpenAsync(string query = "")
    {
        await page.GotoAsync("/dashboard" + query);
        await page.WaitForSelectorAsync("#table-coverage");
    }

    public async Task DrillIntoAsync(string kecamatan)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = kecamatan, Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard?*kecamatan=*");
    }

    public Task<string> HeadingAsync() => page.Locator("h1").InnerTextAsync();

    public Task<string> CoverageOfAsync(string region) => page.EvaluateAsync<string>(
        "region => [...document.querySelectorAll('#table-coverage tbody tr')].find(tr => tr.cells[0].textContent.trim() === region)?.cells[1].textContent.trim() ?? ''",
        region);

    /// <summary>Whether Chart.js drew something on the canvas (any pixel that is not transparent).</summary>
    public async Task<bool> ChartDrawnAsync(string canvasId)
    {
        await page.WaitForSelectorAsync($"#{canvasId}[data-rendered='true']");
        return await page.EvaluateAsync<bool>(
            "id => { const c = document.getElementById(id); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;" +
            " for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; }", canvasId);
    }

    public async Task<(string FileName, string Content)> DownloadCsvAsync(string table)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"#section-{table} a.csv-link"));
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path));
    }
}
