using Microsoft.Playwright;

namespace EKtp.Tests.Support;

/// <summary>
/// One browser context for one journey, owned with <c>await using</c>: it records a Playwright trace from the start, and
/// when the journey ends without <see cref="Passed"/> (an assertion or a timeout threw) it keeps the page's screenshot
/// and the trace in <c>tests/EKtp.Tests/Browser/Failures/</c> (git-ignored; open a trace with
/// <c>npx playwright show-trace FILE.zip</c> or at trace.playwright.dev). The context is closed either way.
/// </summary>
public sealed class BrowserJourney : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _name;
    private bool _passed;

    private BrowserJourney(IBrowserContext context, IPage page, string name)
    {
        _context = context;
        Page = page;
        _name = name;
    }

    public IPage Page { get; }

    public static async Task<BrowserJourney> StartAsync(IBrowserContext context, string name)
    {
        await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true, Sources = false, Title = name });
        return new BrowserJourney(context, await context.NewPageAsync(), name);
    }

    /// <summary>The journey's last line: reached only when every step before it succeeded.</summary>
    public void Passed() => _passed = true;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_passed)
            {
                await _context.Tracing.StopAsync();
                return;
            }
            var file = Path.Combine(BrowserFixture.FailureDirectory, $"{_name}-{DateTime.UtcNow:yyyyMMddTHHmmss}");
            // The screenshot may fail too (a crashed page); the trace is still worth keeping.
            try { await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file + ".png", FullPage = true }); }
            catch (PlaywrightException) { }
            await _context.Tracing.StopAsync(new TracingStopOptions { Path = file + ".trace.zip" });
            Console.Error.WriteLine($"Browser journey '{_name}' failed: screenshot and trace kept at {file}.png / .trace.zip");
        }
        finally
        {
            await _context.CloseAsync();
        }
    }
}
