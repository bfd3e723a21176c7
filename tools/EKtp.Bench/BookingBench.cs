using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EKtp.Bench;

/// <summary>
/// ./ektp bench booking: the slot-choice page against a raw-Npgsql baseline, POST /api/v1/bookings against pgbench running
/// the same booking transaction, overbooking under 200 concurrent clients, and the portal's peak memory.
/// The portal runs as its own process (the built EKtp.Web.dll, Production, rate limits off) on a loopback port.
/// </summary>
public static partial class BookingBench
{
    /// <summary>
    /// How long and how hard each part runs: the real measurement, or <c>--short</c> (a few seconds, to prove it runs).
    /// The short mode also keeps its connections few: it runs beside the test suite, on a PostgreSQL whose connections
    /// the suite's own pools share.
    /// </summary>
    private sealed record Profile(int Seconds, int WarmUpRoundSeconds, int WarmUpMinRounds, int WarmUpMaxRounds, int Pairs,
        int Connections, int OverbookingAttempts, int OverbookingClients, bool WritesReport, int Runs)
    {
        // Three whole runs in at most ~10 minutes on a quiet machine (docs/benchmarks.md, "How the booking benchmark works").
        public static readonly Profile Full = new(6, 4, 6, 12, 3, 32, 10_000, 200, WritesReport: true, Runs: 3);
        public static readonly Profile Short = new(2, 1, 1, 1, 1, 4, 500, 10, WritesReport: false, Runs: 1);
    }

    private static Profile _run = Profile.Full;
    /// <summary>
    /// Warm-up before each measured figure, the same for the portal and the baseline: rounds of the same load, at least
    /// <c>WarmUpMinRounds</c>, until the last <see cref="SteadyRounds"/> rounds differ by less than
    /// <see cref="SteadyWithin"/> (at most <c>WarmUpMaxRounds</c>). Measured: a .NET server under load keeps getting
    /// faster for 40–60 s after start, in steps with plateaus of 10–15 s (tiered compilation with PGO re-JITs the hot
    /// paths), from a few hundred to well over a thousand slot pages/s; a fixed 15 s warm-up measured the JIT, not the portal.
    /// </summary>
    private const int SteadyRounds = 3;
    private const double SteadyWithin = 0.05;
    private static readonly CultureInfo Id = CultureInfo.GetCultureInfo("id-ID");

    public static async Task<int> RunAsync(string[] args)
    {
        // --runs N (1–9): fewer or more whole runs, to compare two builds or settings quickly; only the usual three write the report.
        var isShort = false;
        int? runs = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--short") isShort = true;
            else if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[++i], out var n) && n is >= 1 and <= 9) runs = n;
            else
            {
                Console.Error.WriteLine("usage: ./ektp bench booking [--short] [--runs N]");
                return 2;
            }
        }
        _run = isShort ? Profile.Short : Profile.Full;
        if (runs is { } r && r != _run.Runs) _run = _run with { Runs = r, WritesReport = false };
        var root = BenchEnvironment.Root;
        var connectionString = BenchEnvironment.ConnectionString;
        var web = Path.Combine(root, "src", "EKtp.Web");
        // EKTP_BENCH_PORTAL: another build's folder (a copy of bin/Release/net10.0, or a published one), as in bench cost.
        var dll = Path.Combine(Environment.GetEnvironmentVariable("EKTP_BENCH_PORTAL") ?? Path.Combine(web, "bin", "Release", "net10.0"), "EKtp.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: ./ektp bench builds it in Release.");

        Console.WriteLine($"Machine: {BenchEnvironment.Machine}");
        var loadAtStart = LoadAverage();
        Console.WriteLine($"Machine load average (1 min) at start: {loadAtStart}");
        // Measured as deployed: commits reach the disk (decision 1712). Not in --short, which runs beside the suite.
        await using var durable = isShort || Environment.GetEnvironmentVariable("EKTP_BENCH_FSYNC") == "keep"
            ? null : await DurableDatabase.EnsureAsync(connectionString);
        var durability = await DurabilityAsync(connectionString);
        Console.WriteLine($"Database: {durability}");
        // Whole runs, each with a portal of its own, warmed up afresh: one lucky or unlucky run decides nothing.
        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new List<List<Figure>>();
        var ok = true;
        // The baseline is one server in this process for all runs, warmed up once: it has no state a run changes, and
        // warming it afresh each run cost a minute per run (the 10-minute budget of the whole bench).
        await using var baseline = new Baseline(connectionString);
        for (var i = 1; i <= _run.Runs; i++)
        {
            Console.WriteLine($"--- run {i} of {_run.Runs} (load average {LoadAverage()}) ---");
            var (figures, passed) = await RunOnceAsync(dll, web, connectionString, baseline);
            results.Add(figures);
            ok &= passed;
        }
        // A suite or another bench beside this one may have changed it: the report says so rather than one setting.
        if (await DurabilityAsync(connectionString) is var after && after != durability)
        {
            Console.WriteLine($"The database's durability changed during the bench: {durability} at the start, {after} at the end.");
            durability = $"{durability} at the start, {after} at the end";
        }
        var summary = Summarize(results);
        Console.WriteLine();
        Console.WriteLine($"Median of {results.Count} whole run(s), with the range:");
        foreach (var (figure, value) in summary) Console.WriteLine($"{figure}: {value}");
        Console.WriteLine($"Machine load average (1 min) at start / end: {loadAtStart} / {LoadAverage()}");
        Console.WriteLine($"The benchmark took {clock.Elapsed.TotalMinutes:F1} minutes.");
        if (_run.WritesReport) await WriteReportAsync(root, results, summary, startedAt, loadAtStart, durability);
        else if (isShort) Console.WriteLine("Short mode: the benchmark ran end to end; its figures are not measurements and docs/benchmarks.md is unchanged.");
        else Console.WriteLine($"{_run.Runs} whole run(s), not the report's three: docs/benchmarks.md is unchanged.");
        return ok ? 0 : 1;
    }

    /// <summary>A figure of one run: its text, and its number when the summary takes a median of it.</summary>
    private sealed record Figure(string Name, string Value, double? Number = null);

    /// <summary>One whole run: a fresh portal, warmed up, both comparisons, overbooking and peak memory.</summary>
    private static async Task<(List<Figure> Figures, bool Passed)> RunOnceAsync(string dll, string web, string connectionString, Baseline shared)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        Console.WriteLine($"Starting the portal on {baseUrl} (Production, rate limits off)…");
        using var portal = StartPortal(dll, web, baseUrl, connectionString);
        try
        {
            await WaitReadyAsync(baseUrl, portal);
            await using var data = NpgsqlDataSource.Create(connectionString);
            await ResetBookingsAsync(data);
            var results = new List<Figure>();
            var loadAtStart = LoadAverage();

            // 1. The slot-choice page and its baseline.
            var pointCode = "dpks";
            var pagePath = $"/booking/slots?service=new-recording&point={pointCode}";
            using var http = new HttpClient();
            var portalHtml = await http.GetStringAsync(baseUrl + pagePath);
            var baseline = await shared.StartAsync(pointCode, portalHtml);
            var baselineHtml = await http.GetStringAsync(baseline.Url + pagePath);
            var same = Normalize(portalHtml) == Normalize(baselineHtml);
            Console.WriteLine($"Baseline HTML equals the portal's (whitespace and antiforgery token aside): {(same ? "yes" : "NO")} " +
                              $"({portalHtml.Length} vs {baselineHtml.Length} characters)");
            if (!same) await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "ektp-bench-baseline.html"), baselineHtml);

            var pageWarmUp = await WarmUpAsync("portal page", baseUrl + pagePath);
            var rawWarmUp = shared.WarmUpSeconds ??= await WarmUpAsync("baseline page", baseline.Url + pagePath);
            var (page, raw, pageRatio) = await PairsAsync("slot page, portal / baseline",
                _ => Wrk(baseUrl + pagePath, _run.Seconds), _ => Wrk(baseline.Url + pagePath, _run.Seconds));
            Print(results, "Slot-choice page (portal), requests/s", page.Rps.ToString("F0"), page.Rps);
            Print(results, "Slot-choice page (portal), p50 / p99 ms", $"{page.P50:F1} / {page.P99:F1}");
            Print(results, "Slot-choice page (raw Npgsql baseline on Kestrel), requests/s", raw.Rps.ToString("F0"), raw.Rps);
            Print(results, "Slot-choice page (raw Npgsql baseline on Kestrel), p50 / p99 ms", $"{raw.P50:F1} / {raw.P99:F1}");
            Print(results, "Slot-choice page ratio portal / baseline, median of 3 pairs (goal ≥ 0.6)", pageRatio.ToString("F2"), pageRatio);
            // The same page asked for compressed, as browsers ask (Brotli at its fastest level): not in the ratio above,
            // which both sides earn uncompressed.
            var compressed = await Wrk(baseUrl + pagePath, _run.Seconds, header: "Accept-Encoding: br, gzip");
            Print(results, "Slot-choice page (portal) with Accept-Encoding: br, gzip, requests/s (one round)", compressed.Rps.ToString("F0"), compressed.Rps);
            Print(results, "Slot-choice page (portal), ratio with ÷ without Accept-Encoding (one round)", (compressed.Rps / page.Rps).ToString("F2"), compressed.Rps / page.Rps);
            Print(results, "Warm-up, portal page / baseline page (s; the baseline once, in run 1)", $"{pageWarmUp} / {rawWarmUp}");
            Print(results, "Baseline HTML equal to the portal's", same ? "yes" : "no");

            // 2. POST /api/v1/bookings against pgbench running the same transaction.
            var fast = await PrepareSlotsAsync(data, 20, capacity: 1_000_000, skip: 0);
            await ResetBookingsAsync(data);
            var lua = Path.Combine(Path.GetTempPath(), $"ektp-bench-booking-{port}.lua");
            await File.WriteAllTextAsync(lua, BookingScript(fast));
            var apiWarmUp = await WarmUpAsync("portal bookings", baseUrl + "/api/v1/bookings", lua);
            // Each measured round books NIKs of its own (the script's kecamatan code moves on by the round).
            var (api, pgbench, bookingRatio) = await PairsAsync("bookings, API / pgbench",
                round => Wrk(baseUrl + "/api/v1/bookings", _run.Seconds, lua, threadOffset: 2 * round),
                _ => PgBenchAsync(data, connectionString, fast));
            Print(results, "POST /api/v1/bookings, bookings/s (2xx answers only)", api.Rps.ToString("F0"), api.Rps);
            Print(results, "POST /api/v1/bookings, p50 / p99 ms", $"{api.P50:F1} / {api.P99:F1}");
            Print(results, "POST /api/v1/bookings, non-2xx answers", api.Non2xx.ToString(CultureInfo.InvariantCulture));
            Print(results, "pgbench -M prepared, same booking transaction, transactions/s", pgbench.Rps.ToString("F0"), pgbench.Rps);
            Print(results, "pgbench, p50 / p99 ms", $"{pgbench.P50:F1} / {pgbench.P99:F1}");
            Print(results, "Booking ratio API / pgbench, median of 3 pairs (goal ≥ 0.6)", bookingRatio.ToString("F2"), bookingRatio);
            Print(results, "Warm-up, portal bookings (s)", apiWarmUp.ToString(CultureInfo.InvariantCulture));
            // The ceiling: the same statement behind HTTP and JSON with nothing else (the baseline server's booking). One
            // round per run after the baseline's own warm-up (once, in run 1), beside the portal's median round.
            shared.BookingWarmUpSeconds ??= await WarmUpAsync("baseline bookings", baseline.Url + "/api/v1/bookings", lua);
            var rawBooking = await Wrk(baseline.Url + "/api/v1/bookings", _run.Seconds, lua);
            Print(results, "POST /api/v1/bookings without the portal (Kestrel, JSON, Npgsql, same statement), bookings/s (one round)",
                rawBooking.Rps.ToString("F0"), rawBooking.Rps);
            Print(results, "Booking ceiling: that endpoint / pgbench (one round over the median)", (rawBooking.Rps / pgbench.Rps).ToString("F2"),
                rawBooking.Rps / pgbench.Rps);
            Print(results, "Portal bookings / that endpoint (median / one round)", (api.Rps / rawBooking.Rps).ToString("F2"), api.Rps / rawBooking.Rps);

            // 3. Overbooking: 10,000 attempts from 200 concurrent clients on 20 slots of 20 places.
            await ResetBookingsAsync(data);
            var contested = await PrepareSlotsAsync(data, 20, capacity: 20, skip: 20);
            var (created, conflicts, other, overbooked, elapsed) = await OverbookingAsync(baseUrl, data, contested, _run.OverbookingAttempts, _run.OverbookingClients);
            Print(results, "Overbooking run: attempts / 201 / 409 / other", $"{_run.OverbookingAttempts} / {created} / {conflicts} / {other} in {elapsed.TotalSeconds:F1} s");
            Print(results, "Overbooking count (must be 0)", overbooked.ToString(CultureInfo.InvariantCulture), overbooked);

            // 4. Peak memory.
            var hwm = PeakMemoryMiB(portal.Id);
            Print(results, "Portal peak memory (VmHWM), MiB (goal ≤ 250)", hwm.ToString("F0"), hwm);

            Print(results, "Machine load average (1 min) at start / end", $"{loadAtStart} / {LoadAverage()}");

            await ResetBookingsAsync(data);
            // A baseline that draws another page than the portal's makes the ratio meaningless: the run fails (and so the
            // suite's short run fails when the slot page changes and the baseline was not changed with it).
            if (!same) Console.WriteLine($"The baseline's HTML differs from the portal's: the page ratio is not comparable (the baseline's page is in {Path.GetTempPath()}ektp-bench-baseline.html).");
            return (results, overbooked == 0 && same);
        }
        finally
        {
            if (!portal.HasExited) portal.Kill(entireProcessTree: true);
        }
    }

    private static void Print(List<Figure> results, string figure, string value, double? number = null)
    {
        results.Add(new Figure(figure, value, number));
        Console.WriteLine($"{figure}: {value}");
    }

    /// <summary>For each numeric figure: the median of the runs and their range, "0.62 (0.60–0.65)".</summary>
    private static List<(string Figure, string Value)> Summarize(List<List<Figure>> runs) =>
        runs[0].Where(f => f.Number is not null).Select(f =>
        {
            var values = runs.Select(r => r.First(x => x.Name == f.Name).Number!.Value).Order().ToList();
            // The summary keeps the decimals each figure was printed with (ratios two, rates none).
            var dot = f.Value.IndexOf('.', StringComparison.Ordinal);
            var format = "F" + (dot < 0 ? 0 : f.Value.Length - dot - 1).ToString(CultureInfo.InvariantCulture);
            string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
            return (f.Name, values.Count == 1 ? F(values[0]) : $"{F(values[values.Count / 2])} ({F(values[0])}–{F(values[^1])})");
        }).ToList();

    private static string Normalize(string html) =>
        WhitespaceBetweenTags().Replace(TokenValue().Replace(html, "value=\"token\""), "><").Trim();

    [GeneratedRegex(@">\s+<")]
    private static partial Regex WhitespaceBetweenTags();

    [GeneratedRegex(@"value=""CfDJ8[^""]*""")]
    private static partial Regex TokenValue();

    // ----- the portal process -----

    /// <summary>
    /// Migrates and seeds the bench database in a process of its own, then starts the portal that serves, as a deployment
    /// does (docs/operations.md): the one-off peak of migrations, seed and slot generation is not in the serving
    /// process's VmHWM.
    /// </summary>
    internal static Process StartPortal(string dll, string contentRoot, string url, string connectionString)
    {
        using (var migrate = Process.Start(PortalStartInfo(dll, contentRoot, url, connectionString, "migrate"))
                             ?? throw new InvalidOperationException("The migration did not start."))
        {
            migrate.OutputDataReceived += (_, _) => { };
            migrate.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("migrate: " + e.Data); };
            migrate.BeginOutputReadLine();
            migrate.BeginErrorReadLine();
            migrate.WaitForExit();
            if (migrate.ExitCode != 0) throw new InvalidOperationException($"The migration exited with code {migrate.ExitCode}.");
        }
        var process = Process.Start(PortalStartInfo(dll, contentRoot, url, connectionString, null))
                      ?? throw new InvalidOperationException("The portal did not start.");
        // Drain the output so a full pipe never blocks the portal.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("portal: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo PortalStartInfo(string dll, string contentRoot, string url, string connectionString, string? command)
    {
        var info = new ProcessStartInfo("dotnet", command is null ? [dll] : [dll, command])
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["ConnectionStrings__EKtp"] = connectionString;
        info.Environment["Database__MigrateOnStartup"] = "false";
        info.Environment["RateLimiting__Enabled"] = "false";
        // The outbox dispatcher would deliver every "booking confirmed" message inside the portal while bookings are
        // measured (a claim, a file and an UPDATE per message): delivery is not part of the booking transaction, and
        // pgbench only inserts the outbox row too. Delivery runs in production; it is not in these figures.
        info.Environment["Jobs__Outbox__Enabled"] = "false";
        info.Environment["Jobs__Reminders__Enabled"] = "false";
        info.Environment["Logging__Directory"] = Path.Combine(Path.GetTempPath(), "ektp-bench-logs");
        // The cost bench's probe (a startup hook) belongs in the serving process only.
        if (command is not null) info.Environment.Remove("DOTNET_STARTUP_HOOKS");
        return info;
    }

    internal static async Task WaitReadyAsync(string baseUrl, Process portal)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 1200; i++)
        {
            if (portal.HasExited) throw new InvalidOperationException($"The portal exited with code {portal.ExitCode}.");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("The portal was not ready within ten minutes.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// How durable the bench database's commits are. Both sides of the booking comparison commit on the same cluster, but
    /// how much of a booking the database's share is depends on it: a cluster made by <c>./ektp test</c> has
    /// <c>fsync = off</c>, one made by <c>./ektp run</c> or <c>./ektp bench</c> has it on, as a deployment has.
    /// </summary>
    internal static async Task<string> DurabilityAsync(string connectionString)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var cmd = data.CreateCommand("SELECT current_setting('fsync'), current_setting('synchronous_commit')");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"fsync {reader.GetString(0)}, synchronous_commit {reader.GetString(1)}";
    }

    /// <summary>The 1-minute load average: on a shared machine it says how much else was running.</summary>
    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    internal static double PeakMemoryMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:"));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    // ----- data -----

    internal static async Task ResetBookingsAsync(NpgsqlDataSource data)
    {
        await using var cmd = data.CreateCommand(
            "TRUNCATE appointments, outbox_messages CASCADE; UPDATE slots SET booked = 0 WHERE booked <> 0; DROP TABLE IF EXISTS bench_slot_ids");
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Picks open future DPKS slots (after the first <paramref name="skip"/>) and sets their capacity.</summary>
    internal static async Task<List<Guid>> PrepareSlotsAsync(NpgsqlDataSource data, int count, int capacity, int skip)
    {
        var ids = new List<Guid>();
        await using (var cmd = data.CreateCommand(
            "SELECT s.id FROM slots s JOIN service_points p ON p.id = s.service_point_id WHERE p.code = 'dpks' AND NOT s.is_closed " +
            "AND s.starts_at > now() + interval '1 day' ORDER BY s.starts_at OFFSET $1 LIMIT $2"))
        {
            cmd.Parameters.AddWithValue(skip);
            cmd.Parameters.AddWithValue(count);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }
        if (ids.Count < count) throw new InvalidOperationException("Not enough open DPKS slots in the window.");
        await using var update = data.CreateCommand("UPDATE slots SET capacity = $1, booked = 0 WHERE id = ANY($2)");
        update.Parameters.AddWithValue(capacity);
        update.Parameters.AddWithValue(ids.ToArray());
        await update.ExecuteNonQueryAsync();
        return ids;
    }

    // ----- wrk -----

    /// <summary>Loads the server in rounds until its requests per second settle; returns the seconds it took.</summary>
    private static async Task<int> WarmUpAsync(string name, string url, string? script = null)
    {
        var rounds = new List<double>();
        var steady = false;
        for (var i = 0; i < _run.WarmUpMaxRounds; i++)
        {
            // Booking rounds book new NIKs each time: the script's kecamatan code moves on by the round (two wrk threads).
            var r = await Wrk(url, _run.WarmUpRoundSeconds, script, threadOffset: 40 + 2 * i);
            rounds.Add(r.Rps);
            var last = rounds.TakeLast(SteadyRounds).ToList();
            steady = rounds.Count >= _run.WarmUpMinRounds && last.Max() - last.Min() <= SteadyWithin * last.Min();
            if (steady) break;
        }
        Console.WriteLine($"  warm-up {name}: {string.Join(" → ", rounds.Select(r => r.ToString("F0")))} requests/s" +
                          (steady ? "" : $" (NOT steady after {_run.WarmUpMaxRounds} rounds: the machine is busy; the figures are unreliable)"));
        return rounds.Count * _run.WarmUpRoundSeconds;
    }

    /// <summary>A measured round: <see cref="Rps"/> counts 2xx answers only (for pgbench: transactions).</summary>
    private sealed record WrkResult(double Rps, double P50, double P99, long Non2xx);

    /// <summary>
    /// Measures two servers alternately, three pairs in the order A B, B A, A B, so that a machine getting busier or
    /// quieter during the run weighs on both alike. Returns each side's median round and the median of the pair ratios.
    /// </summary>
    private static async Task<(WrkResult A, WrkResult B, double Ratio)> PairsAsync(string name,
        Func<int, Task<WrkResult>> a, Func<int, Task<WrkResult>> b)
    {
        var aRounds = new List<WrkResult>();
        var bRounds = new List<WrkResult>();
        for (var pair = 0; pair < _run.Pairs; pair++)
        {
            if (pair % 2 == 0)
            {
                aRounds.Add(await a(pair));
                bRounds.Add(await b(pair));
            }
            else
            {
                bRounds.Add(await b(pair));
                aRounds.Add(await a(pair));
            }
        }
        var ratios = aRounds.Zip(bRounds, (x, y) => x.Rps / y.Rps).ToList();
        Console.WriteLine($"  {name}: " + string.Join(", ",
            aRounds.Zip(bRounds, ratios).Select(t => $"{t.First.Rps:F0} / {t.Second.Rps:F0} = {t.Third:F2}")));
        static WrkResult Median(List<WrkResult> rounds) => rounds.OrderBy(r => r.Rps).ElementAt(rounds.Count / 2);
        return (Median(aRounds), Median(bRounds), ratios.Order().ElementAt(ratios.Count / 2));
    }

    private static async Task<WrkResult> Wrk(string url, int seconds, string? script = null, int threadOffset = 0, string? header = null)
    {
        var args = new List<string> { "-t2", $"-c{_run.Connections}", $"-d{seconds}s", "--latency", "--timeout", "10s" };
        if (header is not null) args.AddRange(["-H", header]);
        if (script is not null) args.AddRange(["-s", script, url, "--", threadOffset.ToString(CultureInfo.InvariantCulture)]);
        else args.Add(url);
        var output = await RunAsync("wrk", args);
        double Latency(string pct)
        {
            var m = Regex.Match(output, $@"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var total = Regex.Match(output, @"(\d+) requests in ([\d.]+)s");
        var okRps = total.Success
            ? (double.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) - non2xx) / double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture)
            : rps;
        return new WrkResult(okRps, Latency("50"), Latency("99"), non2xx);
    }

    /// <summary>Each wrk thread books distinct plausible NIKs (its own kecamatan code and years) round-robin over the slots.</summary>
    private static string BookingScript(IReadOnlyList<Guid> slots) => $$"""
        local slots = { {{string.Join(", ", slots.Select(s => $"\"{s}\""))}} }
        local threads = 0
        function setup(thread)
          thread:set("tid", threads)
          threads = threads + 1
        end
        function init(args)
          offset = tonumber(args[1] or "0")
          counter = 0
        end
        request = function()
          counter = counter + 1
          local n = counter
          local serial = n % 9999 + 1
          local q = math.floor(n / 9999)
          local day = q % 28 + 1
          local month = math.floor(q / 28) % 12 + 1
          local year = 60 + math.floor(q / 336) % 30
          local kec = 10 + tid + offset
          local nik = string.format("1308%02d%02d%02d%02d%04d", kec, day, month, year, serial)
          local birth = string.format("19%02d-%02d-%02d", year, month, day)
          local slot = slots[(n % #slots) + 1]
          local body = '{"slotId":"' .. slot .. '","service":"new-recording","nik":"' .. nik .. '","kkNumber":"1308050101100001",' ..
            '"fullName":"Warga Bench","birthDate":"' .. birth .. '","phone":"081234567890","villageCode":"13.08.05.2001"}'
          return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
        end
        """;

    // ----- pgbench -----


    /// <summary>
    /// The booking statement the portal runs (decision 1707), in SQL: the conditional UPDATE of the slot, the appointment
    /// INSERT and the outbox INSERT from the row it reserved, one statement and so one implicit transaction, as the
    /// portal sends it. (The portal also reads the slot with its place before it, for the checks and the answer; pgbench
    /// does not, which makes it the stricter baseline.) Until decision 1707 both ran BEGIN, UPDATE, INSERT, INSERT, END.
    /// </summary>
    private static async Task<WrkResult> PgBenchAsync(NpgsqlDataSource data, string connectionString, IReadOnlyList<Guid> slots)
    {
        await ResetBookingsAsync(data);
        await using (var create = data.CreateCommand("CREATE TABLE bench_slot_ids (k int PRIMARY KEY, id uuid NOT NULL)"))
            await create.ExecuteNonQueryAsync();
        await using (var cmd = data.CreateCommand(
            "INSERT INTO bench_slot_ids SELECT ordinality, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ordinality)"))
        {
            cmd.Parameters.AddWithValue(slots.ToArray());
            await cmd.ExecuteNonQueryAsync();
        }
        var script = Path.Combine(Path.GetTempPath(), "ektp-bench-booking.sql");
        await File.WriteAllTextAsync(script, $$"""
            \set k random(1, {{slots.Count}})
            \set n random(1, 2000000000)
            WITH reserved AS (
              UPDATE slots SET booked = booked + 1 WHERE id = (SELECT id FROM bench_slot_ids WHERE k = :k) AND NOT is_closed AND booked < capacity AND starts_at > now()
              RETURNING id, service_point_id),
            appointment AS (
              INSERT INTO appointments (id, regency_code, code, slot_id, service_point_id, service, status, nik_hash, nik_cipher, kk_cipher, full_name, birth_date, phone, email, village_code, declared_married, idempotency_key, created_at, reschedule_count)
              SELECT gen_random_uuid(), '13.08', 'B' || substr(md5(random()::text), 1, 11), r.id, r.service_point_id, 'NewRecording', 'Booked', decode(md5(:client_id || '-' || :n || '-' || random()::text), 'hex') || decode(md5(:n::text), 'hex'), decode(md5(random()::text), 'hex') || decode(md5(random()::text), 'hex') || decode(md5(random()::text), 'hex'), decode(md5(random()::text), 'hex') || decode(md5(random()::text), 'hex') || decode(md5(random()::text), 'hex'), 'Warga Bench', date '1990-05-15', '+6281234567890', NULL, '13.08.05.2001', false, gen_random_uuid(), now(), 0
              FROM reserved r RETURNING id)
            INSERT INTO outbox_messages (id, regency_code, kind, dedup_key, recipient, body, status, attempts, created_at, next_attempt_at)
              SELECT gen_random_uuid(), '13.08', 'booking-confirmed', 'booking-confirmed:' || a.id, '+6281234567890', 'EKtp Pasaman: janji perekaman PSM-XXXXXXX, Sel 2 Mar 2027 07.30 WIB, Kantor Dinas. Bawa dokumen sesuai bukti janji. Ubah/batal: /booking/manage', 'Pending', 0, now(), now()
              FROM appointment a;
            """);
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var env = new Dictionary<string, string> { ["PGPASSWORD"] = b.Password ?? "" };
        var logPrefix = Path.Combine(Path.GetTempPath(), $"ektp-pgbench-{Environment.ProcessId}");
        foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(logPrefix) + "*")) File.Delete(f);
        var output = await RunAsync("pgbench", ["-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username!, "-n",
            // Prepared statements, as the portal's Npgsql uses them for its frequent statements: the stricter side.
            "-M", "prepared",
            "-c", _run.Connections.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", _run.Seconds.ToString(CultureInfo.InvariantCulture),
            "-f", script, "-l", "--log-prefix", logPrefix, b.Database!], env);
        // pgbench prints no rate when no transaction finished in time (a very busy machine, or --short).
        var rate = Regex.Match(output, @"tps = ([\d.]+)");
        if (!rate.Success) Console.WriteLine("  pgbench finished no transaction in the time given; its rate counts as 0");
        var tps = rate.Success ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        // Per-transaction log lines: client_id transaction_no time(us) script_no epoch epoch_us
        var latencies = Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(logPrefix) + "*")
            .SelectMany(File.ReadLines)
            .Select(l => l.Split(' '))
            .Where(p => p.Length >= 3)
            .Select(p => double.Parse(p[2], CultureInfo.InvariantCulture) / 1000)
            .Order().ToArray();
        foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(logPrefix) + "*")) File.Delete(f);
        double Pct(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
        await using var drop = data.CreateCommand("DROP TABLE IF EXISTS bench_slot_ids");
        await drop.ExecuteNonQueryAsync();
        return new WrkResult(tps, Pct(0.50), Pct(0.99), Non2xx: 0);
    }

    // ----- overbooking -----

    private static async Task<(int Created, int Conflicts, int Other, long Overbooked, TimeSpan Elapsed)> OverbookingAsync(
        string baseUrl, NpgsqlDataSource data, IReadOnlyList<Guid> slots, int attempts, int clients)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var created = 0;
        var conflicts = 0;
        var other = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= attempts) return;
                // Distinct plausible NIKs: kecamatan 40–41, serials 0001–9999, born 1 January 1980.
                var nik = $"1308{40 + i / 9999:00}010180{i % 9999 + 1:0000}";
                var body = new
                {
                    slotId = slots[i % slots.Count], service = "new-recording", nik, kkNumber = "1308050101100001", fullName = "Warga Bench",
                    birthDate = "1980-01-01", phone = "081234567890", villageCode = "13.08.05.2001",
                };
                using var response = await http.PostAsJsonAsync("/api/v1/bookings", body);
                switch ((int)response.StatusCode)
                {
                    case 201: Interlocked.Increment(ref created); break;
                    case 409: Interlocked.Increment(ref conflicts); break;
                    default: Interlocked.Increment(ref other); break;
                }
            }
        }));
        clock.Stop();
        await using var cmd = data.CreateCommand(
            "SELECT coalesce(sum(greatest(0, a.n - s.capacity)), 0) + (SELECT count(*) FROM slots WHERE booked > capacity) " +
            "FROM slots s JOIN (SELECT slot_id, count(*) AS n FROM appointments WHERE status IN ('Booked', 'CheckedIn') GROUP BY slot_id) a ON a.slot_id = s.id " +
            "WHERE s.id = ANY($1)");
        cmd.Parameters.AddWithValue(slots.ToArray());
        var overbooked = Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return (created, conflicts, other, overbooked, clock.Elapsed);
    }

    // ----- helpers -----

    private static async Task<string> RunAsync(string file, IEnumerable<string> args, Dictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in env ?? []) info.Environment[k] = v;
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var output = await stdout + await stderr;
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({p.ExitCode}):\n{output}");
        return output;
    }

    private static async Task WriteReportAsync(string root, List<List<Figure>> runs, List<(string Figure, string Value)> summary,
        DateTime startedAt, string loadAtStart, string durability)
    {
        var path = Path.Combine(root, "docs", "benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        const string begin = "<!-- bench:booking:begin -->";
        const string end = "<!-- bench:booking:end -->";
        var sb = new StringBuilder();
        sb.AppendLine(begin);
        sb.AppendLine("## Booking (`./ektp bench booking`)");
        sb.AppendLine();
        sb.AppendLine($"Measured from {startedAt:yyyy-MM-dd HH:mm} UTC on {BenchEnvironment.Machine}, load average (1 min) {loadAtStart} at the start; " +
                      $"{runs.Count} whole runs, each with a portal of its own; wrk -t2 -c{_run.Connections}; in each run every server warmed up until steady " +
                      $"(rounds of {_run.WarmUpRoundSeconds} s, at least {_run.WarmUpMinRounds}, until {SteadyRounds} in a row are within {SteadyWithin:P0}), then the two sides " +
                      $"of each comparison measured alternately, three pairs of {_run.Seconds} s rounds (A B, B A, A B). The portal, PostgreSQL, " +
                      $"the load generator and the baseline share the machine. Database: {durability}.");
        sb.AppendLine();
        sb.AppendLine($"| figure | median of {runs.Count} runs (range) |");
        sb.AppendLine("|---|---|");
        foreach (var (figure, value) in summary) sb.AppendLine($"| {figure} | {value} |");
        sb.AppendLine();
        sb.AppendLine("Each run:");
        sb.AppendLine();
        sb.AppendLine("| figure | " + string.Join(" | ", runs.Select((_, i) => $"run {i + 1}")) + " |");
        sb.AppendLine("|---|" + string.Concat(runs.Select(_ => "---|")));
        foreach (var figure in runs[0]) sb.AppendLine($"| {figure.Name} | " + string.Join(" | ", runs.Select(r => r.FirstOrDefault(x => x.Name == figure.Name)?.Value ?? "")) + " |");
        sb.AppendLine();
        sb.AppendLine("How to read it: see the section \"How the booking benchmark works\" below.");
        sb.AppendLine(end);
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        var start = existing.IndexOf(begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(end, StringComparison.Ordinal);
        var updated = start >= 0 && stop > start
            ? existing[..start] + sb.ToString().TrimEnd() + existing[(stop + end.Length)..]
            : existing.TrimEnd() + "\n\n" + sb;
        await File.WriteAllTextAsync(path, updated);
        Console.WriteLine($"Figures written to {path}");
    }

    // ----- the baseline -----

    /// <summary>The baseline server of the whole bench: started from the first run's page, warmed up once.</summary>
    private sealed class Baseline(string connectionString) : IAsyncDisposable
    {
        // The baseline's connections are set up by the portal's own DatabaseConnection.Tune: no DISCARD ALL when a pooled
        // connection is taken again, frequent statements prepared, the same pool size (decision 1709). The comparison is
        // then about what runs around the queries, not about connection settings.
        private readonly NpgsqlDataSource _data = NpgsqlDataSource.Create(EKtp.Web.Infrastructure.DatabaseConnection.Tune(connectionString));
        private BaselineServer? _server;

        public int? WarmUpSeconds { get; set; }

        public int? BookingWarmUpSeconds { get; set; }

        public async Task<BaselineServer> StartAsync(string pointCode, string portalHtml) =>
            _server ??= await BaselineServer.StartAsync(_data, pointCode, portalHtml);

        public async ValueTask DisposeAsync()
        {
            if (_server is not null) await _server.DisposeAsync();
            await _data.DisposeAsync();
        }
    }

    /// <summary>
    /// The slot-choice page without MVC: the same two queries with raw Npgsql, the same HTML written with a StringBuilder,
    /// served by Kestrel with one middleware. The layout around the slot list is the portal's own, taken once at start (it holds no rows).
    /// </summary>
    private sealed class BaselineServer : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _data;
        private readonly string _prefix;
        private readonly string _suffix;
        private WebApplication? _app;

        private BaselineServer(NpgsqlDataSource data, string prefix, string suffix, string url)
        {
            _data = data;
            _prefix = prefix;
            _suffix = suffix;
            Url = url;
        }

        public string Url { get; }

        /// <summary>
        /// Kestrel, as the portal uses, with one terminal middleware: no routing, no MVC, no logging. (An HttpListener
        /// served the baseline before; on Linux it is slower than Kestrel, which flattered the portal.)
        /// </summary>
        public static async Task<BaselineServer> StartAsync(NpgsqlDataSource data, string pointCode, string portalHtml)
        {
            // The page's rows begin with "the nearest free slots" (issue 14, item 8), or with the day strip when there are none.
            var start = portalHtml.IndexOf("<section aria-labelledby=\"soonest-heading\"", StringComparison.Ordinal);
            if (start < 0) start = portalHtml.IndexOf("<nav aria-labelledby=\"days-heading\">", StringComparison.Ordinal);
            var stop = portalHtml.IndexOf("</form>", start, StringComparison.Ordinal) + "</form>".Length;
            if (start < 0 || stop < start) throw new InvalidOperationException("The slot-choice page has no day list: are there open DPKS slots?");
            var url = $"http://127.0.0.1:{FreePort()}";
            var server = new BaselineServer(data, portalHtml[..start], portalHtml[stop..], url);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(url);
            var app = builder.Build();
            app.Run(async context =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/api/v1/bookings")
                {
                    await server.BookAsync(context);
                    return;
                }
                var query = context.Request.Query;
                var bytes = Encoding.UTF8.GetBytes(await server.RenderAsync(query["point"].ToString(), query["service"].ToString()));
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes);
            });
            await app.StartAsync();
            server._app = app;
            return server;
        }

        private async Task<string> RenderAsync(string pointCode, string service)
        {
            await using var connection = await _data.OpenConnectionAsync();
            Guid pointId;
            await using (var cmd = new NpgsqlCommand(
                "SELECT s.id, s.code, s.name, s.address, s.kind FROM service_points AS s WHERE s.code = $1 AND s.is_active LIMIT 2", connection))
            {
                cmd.Parameters.AddWithValue(pointCode);
                await using var reader = await cmd.ExecuteReaderAsync();
                if (!await reader.ReadAsync()) return "";
                pointId = reader.GetGuid(0);
            }
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
            var rows = new List<(Guid Id, DateOnly Date, DateTimeOffset Start, DateTimeOffset End, int Available, string? Place)>();
            await using (var cmd = new NpgsqlCommand(
                "SELECT s.id, s.date, s.starts_at, s.ends_at, s.capacity - s.booked, m.place FROM slots AS s " +
                "LEFT JOIN mobile_stops AS m ON s.mobile_stop_id = m.id " +
                "WHERE s.service_point_id = $1 AND s.date >= $2 AND s.date <= $3 AND NOT s.is_closed AND s.booked < s.capacity " +
                "ORDER BY s.starts_at", connection))
            {
                cmd.Parameters.AddWithValue(pointId);
                cmd.Parameters.AddWithValue(today.AddDays(1));
                cmd.Parameters.AddWithValue(today.AddDays(30));
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    rows.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateTimeOffset>(2),
                        reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }

            var e = HtmlEncoder.Default;
            var wib = TimeSpan.FromHours(7);
            var sb = new StringBuilder(_prefix.Length + _suffix.Length + 8192);
            sb.Append(_prefix);
            // The slot controller shows the first three when no day was picked (BookingController.SoonestShown).
            sb.Append("<section aria-labelledby=\"soonest-heading\" class=\"mb-2\">\n            <h2 id=\"soonest-heading\" class=\"h5\">Jadwal kosong tercepat</h2>\n            <ul class=\"list-unstyled soonest\">\n");
            foreach (var s in rows.Take(3))
            {
                sb.Append("<li><a class=\"soonest-link\" href=\"").Append(e.Encode($"/booking/details?service={service}&slot={s.Id}")).Append("\"><strong>")
                  .Append(e.Encode($"{s.Start.ToOffset(wib).ToString("ddd d MMM", Id)}, {Clock(s.Start)}–{Clock(s.End)}"))
                  .Append("</strong>\n                        <span class=\"small\">").Append(e.Encode($"sisa {s.Available} tempat")).Append("</span></a></li>\n");
            }
            sb.Append("            </ul>\n        </section>\n");
            sb.Append("<nav aria-labelledby=\"days-heading\">\n        <h2 id=\"days-heading\" class=\"h5\">Hari</h2>\n        <ul class=\"day-strip list-unstyled\">\n");
            var chosen = rows[0].Date;
            foreach (var day in rows.GroupBy(r => r.Date))
            {
                var current = day.Key == chosen;
                sb.Append("<li><a class=\"day-link").Append(current ? " current" : "").Append('"');
                if (current) sb.Append(" aria-current=\"date\"");
                sb.Append("\n                       href=\"").Append(e.Encode($"/booking/slots?service={service}&point={Uri.EscapeDataString(pointCode)}&date={day.Key:yyyy-MM-dd}#jam"))
                  .Append("\"><span class=\"day-name\">").Append(e.Encode(day.Key.ToString("ddd", Id))).Append("</span> <span class=\"day-date\">")
                  .Append(e.Encode(day.Key.ToString("d MMM", Id))).Append("</span><span class=\"small d-block\">")
                  .Append(e.Encode($"{day.Sum(r => r.Available)} tempat")).Append("</span></a></li>\n");
            }
            sb.Append("        </ul>\n    </nav>\n    <form method=\"get\" action=\"/booking/details\" class=\"booking-form\" id=\"jam\">\n        <input type=\"hidden\" name=\"service\" value=\"")
              .Append(e.Encode(service)).Append("\">\n        <fieldset>\n            <legend class=\"h5\">")
              .Append(e.Encode("Jam pada " + chosen.ToString("dddd, d MMMM yyyy", Id))).Append("</legend>\n            <div class=\"slot-grid\">\n");
            foreach (var s in rows.Where(r => r.Date == chosen))
            {
                sb.Append("<div class=\"form-check slot-option\">\n                        <input class=\"form-check-input\" type=\"radio\" name=\"slot\" id=\"slot-")
                  .Append(s.Id).Append("\" value=\"").Append(s.Id).Append("\" required>\n                        <label class=\"form-check-label\" for=\"slot-")
                  .Append(s.Id).Append("\">").Append(e.Encode($"{Clock(s.Start)}–{Clock(s.End)}")).Append("<br><span class=\"small\">")
                  .Append(e.Encode($"sisa {s.Available} tempat")).Append("</span></label>\n                    </div>\n");
            }
            sb.Append("            </div>\n        </fieldset>\n        <button type=\"submit\" class=\"btn btn-primary btn-lg mt-3\">Lanjut: isi data diri</button>\n    </form>");
            sb.Append(_suffix);
            return sb.ToString();
        }

        /// <summary>
        /// The booking without the portal: the same JSON body read, the NIK keyed-hashed and the NIK and KK encrypted as
        /// the portal does (HMAC-SHA256, AES-GCM), and the same single statement pgbench runs (decision 1707), with every
        /// value a parameter; 201 with the code, or 409 when the slot had no room. No validation, no slot read, no
        /// logging, no routing: what HTTP, JSON and Npgsql alone cost on this machine, the ceiling of any booking API here.
        /// The hash takes a random salt so that its rows never meet the unique indexes (it checks no duplicate).
        /// </summary>
        private async Task BookAsync(HttpContext context)
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var json = body.RootElement;
            string Text(string name) => json.GetProperty(name).GetString() ?? "";
            var nik = Text("nik");
            var salted = new byte[nik.Length + 16];
            Encoding.ASCII.GetBytes(nik, salted);
            RandomNumberGenerator.Fill(salted.AsSpan(nik.Length));
            var code = "B" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6))[..11];
            var id = Guid.CreateVersion7();
            await using var cmd = _data.CreateCommand(RawBookingSql);
            cmd.Parameters.AddWithValue(json.GetProperty("slotId").GetGuid());
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(code);
            cmd.Parameters.AddWithValue(HMACSHA256.HashData(HashKey, salted));
            cmd.Parameters.AddWithValue(Encrypt(nik));
            cmd.Parameters.AddWithValue(Encrypt(Text("kkNumber")));
            cmd.Parameters.AddWithValue(Text("fullName"));
            cmd.Parameters.AddWithValue(DateOnly.ParseExact(Text("birthDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("+62" + Text("phone")[1..]);
            cmd.Parameters.AddWithValue(Text("villageCode"));
            cmd.Parameters.AddWithValue(Guid.NewGuid());
            cmd.Parameters.AddWithValue($"EKtp Pasaman: janji perekaman {code}, Sel 2 Mar 2027 07.30 WIB, Kantor Dinas. Bawa dokumen sesuai bukti janji. Ubah/batal: /booking/manage");
            var booked = await cmd.ExecuteNonQueryAsync() == 1;
            context.Response.StatusCode = booked ? 201 : 409;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(booked ? $"{{\"code\":\"{code}\"}}" : "{\"title\":\"full\"}");
        }

        private static byte[] Encrypt(string text)
        {
            var plain = Encoding.UTF8.GetBytes(text);
            var sealedText = new byte[12 + plain.Length + 16];
            RandomNumberGenerator.Fill(sealedText.AsSpan(0, 12));
            using var aes = new AesGcm(CipherKey, 16);
            aes.Encrypt(sealedText.AsSpan(0, 12), plain, sealedText.AsSpan(12, plain.Length), sealedText.AsSpan(12 + plain.Length));
            return sealedText;
        }

        private static readonly byte[] HashKey = RandomNumberGenerator.GetBytes(32);
        private static readonly byte[] CipherKey = RandomNumberGenerator.GetBytes(32);

        /// <summary>pgbench's statement (<see cref="PgBenchAsync"/>) with the values as parameters.</summary>
        private const string RawBookingSql = """
            WITH reserved AS (
              UPDATE slots SET booked = booked + 1 WHERE id = $1 AND NOT is_closed AND booked < capacity AND starts_at > now()
              RETURNING id, service_point_id),
            appointment AS (
              INSERT INTO appointments (id, regency_code, code, slot_id, service_point_id, service, status, nik_hash, nik_cipher, kk_cipher, full_name, birth_date, phone, email, village_code, declared_married, idempotency_key, created_at, reschedule_count)
              SELECT $2, '13.08', $3, r.id, r.service_point_id, 'NewRecording', 'Booked', $4, $5, $6, $7, $8, $9, NULL, $10, false, $11, now(), 0
              FROM reserved r RETURNING id)
            INSERT INTO outbox_messages (id, regency_code, kind, dedup_key, recipient, body, status, attempts, created_at, next_attempt_at)
              SELECT gen_random_uuid(), '13.08', 'booking-confirmed', 'booking-confirmed:' || a.id, $9, $12, 'Pending', 0, now(), now()
              FROM appointment a
            """;

        private static string Clock(DateTimeOffset instant) =>
            instant.ToOffset(TimeSpan.FromHours(7)).ToString("HH'.'mm", CultureInfo.InvariantCulture);

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }
}
