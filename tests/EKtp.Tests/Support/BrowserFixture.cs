using Microsoft.Playwright;

namespace EKtp.Tests.Support;

/// <summary>
/// The machine's Chromium (Debian's /usr/bin/chromium) driven by Playwright .NET. Playwright's own browser
/// downloads are not used: the test machines reach no download host.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory => BrowserDirectory("Screenshots");

    /// <summary>Where a failed journey leaves its screenshot and trace (git-ignored).</summary>
    public static string FailureDirectory => BrowserDirectory("Failures");

    private static string BrowserDirectory(string name)
    {
        var dir = Path.Combine(RepositoryRoot(), "tests", "EKtp.Tests", "Browser", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; ./ektp test installs it.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>
    /// A fresh context (cookies, storage) sized like a mid-range phone unless told otherwise, owned by the journey:
    /// <c>await using var journey = …</c>, and <c>journey.Passed()</c> as its last line.
    /// </summary>
    public async Task<BrowserJourney> NewJourneyAsync(string baseAddress, string name, bool phone = true, string locale = "id-ID",
        ViewportSize? viewport = null, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress,
            JavaScriptEnabled = javaScript,
            Locale = locale,
            ViewportSize = viewport ?? (phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 }),
        });
        // A wait, not a limit: each step returns as soon as its element or page is there. 30 s covers a 2-core CI machine
        // running the rest of the suite beside the journey (decision 1802).
        context.SetDefaultTimeout(30_000);
        return await BrowserJourney.StartAsync(context, name);
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EKtp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Path.GetTempPath();
    }
}
