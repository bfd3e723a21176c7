using System.Text.Json;
using Microsoft.Playwright;

namespace EKtp.Tests.Support;

/// <summary>
/// Runs axe-core (vendored in the test project, never served by the portal) in the page and fails on serious or
/// critical violations, listing each rule and the elements it found.
/// </summary>
public static class Accessibility
{
    private static readonly string AxeScript = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Browser", "Assets", "axe.min.js"));

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        // The portal's CSP forbids inline scripts; axe is injected through Playwright's evaluation, which CSP does not block.
        await page.EvaluateAsync(AxeScript);
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { resultTypes: ['violations'] });" +
            " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })); }");
        var violations = json.EnumerateArray().Select(v =>
            $"{v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} at " +
            string.Join(", ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))).ToList();
        Assert.True(violations.Count == 0, $"Accessibility violations on {page.Url}:\n" + string.Join("\n", violations));
    }
}
