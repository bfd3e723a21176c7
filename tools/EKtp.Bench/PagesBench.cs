using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace EKtp.Bench;

/// <summary>
/// ./ektp bench pages [--runs N | --short]: publishes the portal, serves the published output (Production: Brotli copies,
/// fingerprinted assets cached for a year) and loads each resident page in the machine's Chromium on an emulated
/// slow 3G link (400 kbit/s each way, 400 ms round trip; DevTools network emulation), with an empty cache, then a
/// second page in the same session. Prints bytes transferred, requests, first paint and load, medians of N runs.
/// Goals (issue 14): a first view of at most 50 KB and a first paint within 2.0 s. Writes docs/benchmarks.md.
/// <c>--short</c>: no publish (the build output in Production, its static web assets with gzip copies, as the tests
/// serve it), the first journey only, one run; prints the same figures, judges nothing and writes nothing.
/// </summary>
public static class PagesBench
{
    private const int BitsPerSecond = 400_000;
    private const int RoundTripMs = 400;
    private const double MaxFirstViewKb = 50, MaxFirstPaintSeconds = 2.0;

    /// <summary>Each resident page, and the page a resident typically opens next from it.</summary>
    private static readonly (string First, string Second)[] Journeys =
    [
        ("/", "/booking"),
        ("/booking", "/booking/place?service=new-recording"),
        ("/booking/place?service=new-recording", "/booking/slots?service=new-recording&point=kec-rao"),
        ("/booking/slots?service=new-recording&point=kec-rao", "/booking"),
        ("/booking/manage", "/status"),
        ("/status", "/status/my-data"),
        ("/status/my-data", "/"),
        ("/service-status", "/mobile-visit"),
        ("/mobile-visit", "/"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var isShort = args is ["--short"];
        if (!isShort && args is not ([] or ["--runs", _]))
        {
            Console.Error.WriteLine("usage: ./ektp bench pages [--runs N | --short]");
            return 2;
        }
        var runs = args is ["--runs", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : isShort ? 1 : 3;
        var journeys = isShort ? Journeys[..1] : Journeys;
        var web = Path.Combine(BenchEnvironment.Root, "src", "EKtp.Web");
        var published = isShort ? Path.Combine(web, "bin", "Release", "net10.0") : Path.Combine(Path.GetTempPath(), "ektp-bench-pages");
        if (!isShort)
        {
            Console.WriteLine($"Publishing the portal to {published}…");
            await RunAsync("dotnet", ["publish", web, "-c", "Release", "--no-build", "--nologo", "-v", "q", "-o", published]);
        }
        await RunAsync("dotnet", [Path.Combine(published, "EKtp.Web.dll"), "migrate"], published);

        var address = $"http://127.0.0.1:{FreePort()}";
        using var portal = Process.Start(PortalProcess(published, address, []))!;
        try
        {
            await WaitUntilReadyAsync(address, portal);
            var results = await MeasureAsync(address, journeys, runs);
            Print(results, Console.Out);
            var pass = results.All(r => r.First.Kb <= MaxFirstViewKb && r.First.FirstPaint <= MaxFirstPaintSeconds);
            Console.WriteLine(pass ? "Every first view within the goals." : "A first view is ABOVE a goal.");
            if (isShort)
            {
                Console.WriteLine("Short mode: the benchmark ran end to end; its figures are not measurements and docs/benchmarks.md is unchanged.");
                return 0;
            }
            await WriteReportAsync(results, runs, pass);
            return pass ? 0 : 1;
        }
        finally
        {
            portal.Kill(entireProcessTree: true);
            await portal.WaitForExitAsync();
        }
    }

    private sealed record View(double Kb, double Requests, double FirstPaint, double Load);

    private sealed record Result(string Page, View First, string SecondPage, View Second);

    private static async Task<List<Result>> MeasureAsync(string address, (string First, string Second)[] journeys, int runs)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        // One warm-up visit per page: the portal's first render of a view compiles it, which no resident waits for twice.
        var warm = await browser.NewPageAsync();
        foreach (var (first, _) in journeys) await warm.GotoAsync(address + first);
        await warm.CloseAsync();

        var results = new List<Result>();
        foreach (var (first, second) in journeys)
        {
            var firsts = new List<View>();
            var seconds = new List<View>();
            for (var run = 0; run < runs; run++)
            {
                await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 }, Locale = "id-ID" });
                var page = await context.NewPageAsync();
                var network = await SlowNetwork.AttachAsync(page);
                firsts.Add(await network.VisitAsync(address + first));
                seconds.Add(await network.VisitAsync(address + second));
            }
            var result = new Result(first, Median(firsts), second, Median(seconds));
            results.Add(result);
            Console.WriteLine($"{first}: {result.First.Kb:0.0} KB, paint {result.First.FirstPaint:0.00} s; then {second}: {result.Second.Kb:0.0} KB");
        }
        return results;
    }

    private static View Median(List<View> views)
    {
        static double M(IEnumerable<double> values) { var s = values.Order().ToList(); return s[s.Count / 2]; }
        return new View(M(views.Select(v => v.Kb)), M(views.Select(v => v.Requests)), M(views.Select(v => v.FirstPaint)), M(views.Select(v => v.Load)));
    }

    /// <summary>A page on the emulated link, counting what crosses it: encoded bytes (headers included) per request.</summary>
    private sealed class SlowNetwork
    {
        private readonly IPage _page;
        private long _bytes;
        private int _requests;

        private SlowNetwork(IPage page) => _page = page;

        public static async Task<SlowNetwork> AttachAsync(IPage page)
        {
            var network = new SlowNetwork(page);
            var cdp = await page.Context.NewCDPSessionAsync(page);
            cdp.Event("Network.requestWillBeSent").OnEvent += (_, _) => Interlocked.Increment(ref network._requests);
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
                Interlocked.Add(ref network._bytes, (long)e!.Value.GetProperty("encodedDataLength").GetDouble());
            await cdp.SendAsync("Network.enable");
            await cdp.SendAsync("Network.emulateNetworkConditions", new()
            {
                ["offline"] = false, ["latency"] = RoundTripMs,
                ["downloadThroughput"] = BitsPerSecond / 8, ["uploadThroughput"] = BitsPerSecond / 8,
            });
            return network;
        }

        public async Task<View> VisitAsync(string url)
        {
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _requests, 0);
            var response = await _page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
            if (response is null || !response.Ok) throw new InvalidOperationException($"{url} answered {response?.Status}");
            // loadingFinished of the last resource can arrive just after the load event.
            await _page.WaitForTimeoutAsync(300);
            // The first contentful paint can come after the load event on a slow link (and a headless frame paints
            // only when it is next composited): wait for its entry rather than read a missing one as a time.
            var times = await _page.EvaluateAsync<double[]>(
                """
                () => new Promise(resolve => {
                  const load = performance.getEntriesByType('navigation')[0].loadEventEnd;
                  const done = entry => resolve([entry.startTime, load]);
                  const seen = performance.getEntriesByName('first-contentful-paint')[0];
                  if (seen) return done(seen);
                  new PerformanceObserver(list => {
                    const fcp = list.getEntriesByName('first-contentful-paint')[0];
                    if (fcp) done(fcp);
                  }).observe({ type: 'paint', buffered: true });
                  requestAnimationFrame(() => {});
                  setTimeout(() => resolve([-1, load]), 10000);
                })
                """);
            if (times[0] < 0) throw new InvalidOperationException($"{url} reported no first contentful paint within 10 s of its load");
            return new View(Interlocked.Read(ref _bytes) / 1024.0, _requests, times[0] / 1000, times[1] / 1000);
        }
    }

    private static void Print(List<Result> results, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine($"{"first page (empty cache)",-52} {"KB",6} {"req",4} {"paint s",8} {"load s",7} | {"then, same session",-52} {"KB",6} {"req",4} {"paint s",8} {"load s",7}");
        foreach (var r in results)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Page,-52} {r.First.Kb,6:0.0} {r.First.Requests,4} {r.First.FirstPaint,8:0.00} {r.First.Load,7:0.00} | {r.SecondPage,-52} {r.Second.Kb,6:0.0} {r.Second.Requests,4} {r.Second.FirstPaint,8:0.00} {r.Second.Load,7:0.00}"));
    }

    private static async Task WriteReportAsync(List<Result> results, int runs, bool pass)
    {
        var path = Path.Combine(BenchEnvironment.Root, "docs", "benchmarks.md");
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        const string begin = "<!-- bench:pages:begin -->", end = "<!-- bench:pages:end -->";
        var s = new StringBuilder().AppendLine(begin);
        s.AppendLine("## Resident pages on slow 3G (`./ektp bench pages`)").AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchEnvironment.Machine}; Debian's Chromium, headless, 360 × 740,");
        s.AppendLine(CultureInfo.InvariantCulture, $"DevTools network emulation {BitsPerSecond / 1000} kbit/s each way and {RoundTripMs} ms round trip; the published portal (Production).");
        s.AppendLine(CultureInfo.InvariantCulture, $"Each row: a new browser context (empty cache) opens the page, then the second page in the same context; medians of {runs} runs.");
        s.AppendLine("KB: encoded bytes over the link, headers included; requests: all the page made, those the cache answered included;");
        s.AppendLine("first paint: first contentful paint; load: the load event; both from the navigation's start.").AppendLine();
        s.AppendLine("| first page (empty cache) | KB | requests | first paint (s) | load (s) | then, same session | KB | requests | first paint (s) | load (s) |");
        s.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (var r in results)
            s.AppendLine(CultureInfo.InvariantCulture, $"| `{r.Page}` | {r.First.Kb:0.0} | {r.First.Requests} | {r.First.FirstPaint:0.00} | {r.First.Load:0.00} | " +
                                                       $"`{r.SecondPage}` | {r.Second.Kb:0.0} | {r.Second.Requests} | {r.Second.FirstPaint:0.00} | {r.Second.Load:0.00} |");
        s.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Goals: first view ≤ {MaxFirstViewKb} KB and first paint ≤ {MaxFirstPaintSeconds:0.0} s — {(pass ? "met on every page" : "NOT met on every page")}.");
        s.AppendLine(end);
        var from = existing.IndexOf(begin, StringComparison.Ordinal);
        var to = existing.IndexOf(end, StringComparison.Ordinal);
        existing = from >= 0 && to > from
            ? existing[..from] + s.ToString().TrimEnd() + existing[(to + end.Length)..]
            : existing.TrimEnd() + "\n\n" + s;
        await File.WriteAllTextAsync(path, existing);
        Console.WriteLine($"Figures written to {path}");
    }

    private static ProcessStartInfo PortalProcess(string directory, string? urls, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(directory, "EKtp.Web.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        // Production, as residents meet it; no rate limit (every page comes from one address), quiet logs.
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings__EKtp"] = BenchEnvironment.ConnectionString, ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["RateLimiting__Enabled"] = "false", ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Logging__Directory"] = Path.Combine(Path.GetTempPath(), "ektp-bench-logs"), ["ASPNETCORE_URLS"] = urls,
            // A build output's manifest would send no-cache and re-compress edited assets (--short); production headers, as the tests.
            ["ReloadStaticAssetsAtRuntime"] = "false",
        };
        foreach (var (key, value) in settings.Where(s => s.Value is not null)) info.Environment[key] = value;
        return info;
    }

    private static async Task RunAsync(string file, string[] args, string? portalDirectory = null)
    {
        var info = portalDirectory is null
            ? new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true }
            : PortalProcess(portalDirectory, null, args.Skip(1));
        if (portalDirectory is null) foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed:\n{await output}\n{await error}");
    }

    private static async Task WaitUntilReadyAsync(string address, Process portal)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var output = new StringBuilder();
        portal.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        portal.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        portal.BeginOutputReadLine();
        portal.BeginErrorReadLine();
        for (var attempt = 0; ; attempt++)
        {
            try { if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            if (attempt > 120 || portal.HasExited) throw new InvalidOperationException("The portal did not start:\n" + output);
            await Task.Delay(500);
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
