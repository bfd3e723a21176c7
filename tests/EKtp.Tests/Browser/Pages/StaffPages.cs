using EKtp.Tests.Support;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser.Pages;

/// <summary>Today's queue of one service point, as an operator sees it.</summary>
public sealed class QueuePage(IPage page, string pointCode)
{
    public IPage Page => page;

    public Task OpenAsync() => page.GotoAsync($"/staff/queue/{pointCode}");

    public async Task CheckInAsync(string code)
    {
        await page.FillAsync("#checkin-code", code);
        await page.ClickAndWaitForPageAsync("#checkin-form button[type=submit]");
    }

    public async Task CallNextAsync(int counter)
    {
        await page.FillAsync("#call-counter", counter.ToString());
        await page.ClickAndWaitForPageAsync("#call-form button[type=submit]");
    }

    public Task<string> FlashAsync() => page.Locator(".alert-success").InnerTextAsync();

    public async Task ServeAsync(string label) =>
        await page.ClickAndWaitForPageAsync($"tr[data-ticket='{label}'] a");

    public async Task RecordAsync()
    {
        await page.CheckAsync("#outcome-recorded");
        await page.ClickAndWaitForPageAsync("#outcome-form button[type=submit]");
    }
}

/// <summary>The waiting-room board.</summary>
public sealed class DisplayBoardPage(IPage page, string pointCode)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync($"/display/{pointCode}");
        // Marks this document: after a reload the mark is gone.
        await page.EvaluateAsync("window.__sameDocument = true");
    }

    public Task WaitUntilLiveAsync() => page.WaitForSelectorAsync("body[data-live='connected']");

    public Task<string> ServingAsync() => page.Locator("#serving").InnerTextAsync();

    public Task WaitForServingAsync(string label) =>
        page.WaitForFunctionAsync("label => document.querySelector('#serving').textContent.includes(label)", label);

    public Task<bool> WasNotReloadedAsync() => page.EvaluateAsync<bool>("window.__sameDocument === true");
}

public static class PageNavigation
{
    /// <summary>
    /// Clicks (a submit button, a link) and waits for the page the server answers with, after any redirect; a form
    /// answered with its page directly (a posted search) is waited for with <paramref name="method"/> POST.
    /// </summary>
    /// <remarks>
    /// The new document is known by a mark the old one carries and it lacks, not by Playwright's load-state events:
    /// under CI's load a <c>WaitForLoadStateAsync</c> begun just as the client took in the DOMContentLoaded event
    /// missed it and waited out its 30 s while "load" and "networkidle" fired (the field-node journey, 2026-12-04).
    /// </remarks>
    public static async Task ClickAndWaitForPageAsync(this IPage page, string selector, string method = "GET")
    {
        await page.EvaluateAsync("() => { window.__ektpLeft = true; }");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(selector),
            r => r.Request.IsNavigationRequest && r.Request.Method == method && r.Status == 200);
        await page.WaitForFunctionAsync("() => window.__ektpLeft === undefined && document.readyState !== 'loading'");
    }
}
