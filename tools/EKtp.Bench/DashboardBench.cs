using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EKtp.Web.Features.TwoFactor;
using Npgsql;

namespace EKtp.Bench;

/// <summary>
/// ./ektp bench dashboard [--small N] [--large N] [--requests R] [--short]: seeds one database with Pasaman's 300,000 residents and
/// one with the province's 5,800,000, serves each with the portal, and times the head's dashboard page (median and p95
/// of R sequential requests after a warm-up). The dashboard reads rollups only, so the ratio large ÷ small must stay at
/// or below 1.2 (issue 15, decision 1536). Writes the figures and the machine into docs/benchmarks.md. <c>--short</c>: 300 and 600 residents, 10
/// requests; proves the benchmark still runs (the ratio of such tiny data means nothing, so it is printed, not judged).
/// </summary>
public static partial class DashboardBench
{
    private const double MaxRatio = 1.2;

    public static async Task<int> RunAsync(string[] args)
    {
        long small = 300_000, large = 5_800_000;
        var requests = 200;
        var warmUp = 20;
        var isShort = args.Contains("--short");
        if (isShort) (small, large, requests, warmUp, args) = (300, 600, 10, 2, args.Where(a => a != "--short").ToArray());
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--small": small = value; break;
                case "--large": large = value; break;
                case "--requests": requests = (int)value; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var results = new List<Result>();
        var baseConnection = new NpgsqlConnectionStringBuilder(BenchEnvironment.ConnectionString);
        var sizes = new[] { (Residents: small, Database: baseConnection.Database!), (Residents: large, Database: baseConnection.Database + "_province") };
        var seeded = new List<(long Residents, string Connection, TimeSpan SeedTime, string Rows)>();
        foreach (var (residents, database) in sizes)
        {
            var connection = new NpgsqlConnectionStringBuilder(baseConnection.ConnectionString) { Database = database }.ConnectionString;
            await RecreateDatabaseAsync(database);
            Console.WriteLine($"Seeding {residents:N0} residents into {database}…");
            var seedWatch = Stopwatch.StartNew();
            var seedOutput = await SeedAsync(connection, ["seed", "--residents", residents.ToString(CultureInfo.InvariantCulture), "--seed", "2026"]);
            Console.WriteLine(seedOutput.Trim().Split('\n').LastOrDefault(l => l.StartsWith("Seeded")) ?? seedOutput);
            seeded.Add((residents, connection, seedWatch.Elapsed, await CountRowsAsync(connection)));
        }

        // Both portals run at once and take turns, so that whatever else the machine is doing weighs on both alike.
        var servers = new List<Portal>();
        try
        {
            foreach (var s in seeded) servers.Add(await Portal.StartAsync(s.Connection));
            for (var i = 0; i < warmUp; i++) foreach (var server in servers) await server.GetDashboardAsync();
            var times = servers.Select(_ => new List<double>(requests)).ToList();
            for (var i = 0; i < requests; i++)
                for (var k = 0; k < servers.Count; k++)
                {
                    var watch = Stopwatch.StartNew();
                    await servers[k].GetDashboardAsync();
                    times[k].Add(watch.Elapsed.TotalMilliseconds);
                }
            for (var k = 0; k < servers.Count; k++)
            {
                times[k].Sort();
                var median = times[k][times[k].Count / 2];
                var p95 = times[k][(int)Math.Ceiling(times[k].Count * 0.95) - 1];
                results.Add(new Result(seeded[k].Residents, seeded[k].SeedTime, seeded[k].Rows, median, p95));
                Console.WriteLine($"{seeded[k].Residents,12:N0} residents: median {median:0.0} ms, p95 {p95:0.0} ms (seeded in {seeded[k].SeedTime.TotalMinutes:0.0} min)");
            }
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }

        var ratioMedian = results[1].Median / results[0].Median;
        var ratioP95 = results[1].P95 / results[0].P95;
        var pass = ratioMedian <= MaxRatio;
        Console.WriteLine($"ratio {results[1].Residents:N0} ÷ {results[0].Residents:N0}: median {ratioMedian:0.00}, p95 {ratioP95:0.00} " +
                          $"({(pass ? "within" : "ABOVE")} the limit of {MaxRatio})");
        if (isShort)
        {
            Console.WriteLine("Short mode: the benchmark ran end to end; its figures are not measurements and docs/benchmarks.md is unchanged.");
            return 0;
        }
        await WriteReportAsync(results, requests, ratioMedian, ratioP95, pass);
        return pass ? 0 : 1;
    }

    private sealed record Result(long Residents, TimeSpan SeedTime, string Rows, double Median, double P95);

    private static async Task RecreateDatabaseAsync(string database)
    {
        var admin = Environment.GetEnvironmentVariable("EKTP_PG_ADMIN") ?? throw new InvalidOperationException("Run with ./ektp bench (EKTP_PG_ADMIN).");
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"CREATE DATABASE \"{database}\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> CountRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var table in new[] { "appointments", "recordings", "cards", "rollup_recordings_daily", "rollup_cards_daily" })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            parts.Add($"{table} {(long)(await command.ExecuteScalarAsync())!:N0}");
        }
        return string.Join(", ", parts);
    }

    private static string PortalDll => Path.Combine(BenchEnvironment.Root, "src", "EKtp.Web", "bin", "Release", "net10.0", "EKtp.Web.dll");

    /// <summary>This tool itself, for <c>seed</c> (the generator is not in the portal).</summary>
    private static string BenchDll => typeof(DashboardBench).Assembly.Location;

    private static ProcessStartInfo PortalProcess(string connectionString, IEnumerable<string> args, string environment, string? urls = null,
        string? dll = null)
    {
        dll ??= PortalDll;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ConnectionStrings__EKtp"] = connectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["Database__SeedDemoAccounts"] = "true";
        info.Environment["Jobs__Rollups__Enabled"] = "false";
        info.Environment["Jobs__SlotGeneration__Enabled"] = "false";
        info.Environment["RateLimiting__Enabled"] = "false";
        info.Environment["Logging__Directory"] = Path.Combine(Path.GetTempPath(), "ektp-bench-logs");
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        if (urls is not null) info.Environment["ASPNETCORE_URLS"] = urls;
        return info;
    }

    private static async Task<string> SeedAsync(string connectionString, string[] args)
    {
        using var process = Process.Start(PortalProcess(connectionString, args, "Development", dll: BenchDll))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"portal {string.Join(' ', args)} failed:\n{await output}\n{await error}");
        return await output;
    }

    /// <summary>The portal served on a loopback port, with the head signed in.</summary>
    private sealed class Portal : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;
        private readonly StringBuilder _log = new();

        private Portal(Process process, string address)
        {
            _process = process;
            _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
                { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
            process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static async Task<Portal> StartAsync(string connectionString)
        {
            var address = $"http://127.0.0.1:{FreePort()}";
            var portal = new Portal(Process.Start(PortalProcess(connectionString, [], "Development", address))!, address);
            for (var attempt = 0; ; attempt++)
            {
                try { if ((await portal._http.GetAsync("/health/ready")).IsSuccessStatusCode) break; }
                catch (HttpRequestException) { }
                if (attempt > 120 || portal._process.HasExited) throw new InvalidOperationException("The portal did not start:\n" + portal._log);
                await Task.Delay(500);
            }
            var signIn = await portal._http.GetStringAsync("/staff/sign-in");
            var token = TokenPattern().Match(signIn).Groups[1].Value;
            var response = await portal._http.PostAsync("/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "kepala@ektp.local", ["Password"] = "Pasaman-Demo-2026", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }));
            if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("The head could not sign in.");
            await portal.EnrolTwoFactorAsync();
            return portal;
        }

        /// <summary>
        /// The head must enrol an authenticator app before any other page (StaffSecurity:RequireTwoFactorForAdminAndHead):
        /// the bench reads the manual key from the enrolment page and answers with the code an app would show.
        /// </summary>
        private async Task EnrolTwoFactorAsync()
        {
            var enrol = await _http.GetStringAsync(TwoFactorController.EnrolPath);
            var key = ManualKeyPattern().Match(enrol).Groups[1].Value.Replace(" ", "");
            if (key.Length == 0) throw new InvalidOperationException("The two-factor enrolment page shows no key.");
            var response = await _http.PostAsync(TwoFactorController.EnrolPath, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow),
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(enrol).Groups[1].Value),
            }));
            if (response.Headers.Location?.OriginalString != "/staff")
                throw new InvalidOperationException($"The head's two-factor enrolment was refused ({(int)response.StatusCode}).");
        }

        public async Task GetDashboardAsync()
        {
            using var response = await _http.GetAsync("/dashboard");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || !body.Contains("table-coverage"))
                throw new InvalidOperationException($"/dashboard answered {(int)response.StatusCode}.");
        }

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    private static async Task WriteReportAsync(List<Result> results, int requests, double ratioMedian, double ratioP95, bool pass)
    {
        var path = Path.Combine(BenchEnvironment.Root, "docs", "benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        const string heading = "## Dashboard at regency and province scale (issue 6)";
        var start = existing.IndexOf(heading, StringComparison.Ordinal);
        if (start >= 0)
        {
            var next = existing.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            existing = existing[..start] + (next < 0 ? "" : existing[(next + 1)..]);
        }
        var s = new StringBuilder();
        s.AppendLine(heading).AppendLine();
        s.AppendLine($"`./ektp bench dashboard`, run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchEnvironment.Machine} (a machine shared with other work; PostgreSQL 15 on the same machine).");
        s.AppendLine($"Each size is seeded with `seed --residents N --seed 2026` into its own database, then the signed-in head's `GET /dashboard`");
        s.AppendLine($"(default filters: the last 12 weeks, all kecamatan) is requested {requests} times one after another after 20 warm-up requests.").AppendLine();
        s.AppendLine("| residents | seeding (min) | rows | median (ms) | p95 (ms) |");
        s.AppendLine("|---:|---:|---|---:|---:|");
        foreach (var r in results)
            s.AppendLine(CultureInfo.InvariantCulture, $"| {r.Residents:N0} | {r.SeedTime.TotalMinutes:0.0} | {r.Rows} | {r.Median:0.0} | {r.P95:0.0} |");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Ratio province ÷ regency: median **{ratioMedian:0.00}**, p95 {ratioP95:0.00} — {(pass ? "within" : "ABOVE")} the limit of {MaxRatio}.");
        s.AppendLine("The dashboard reads only the rollup tables (their size grows with nagari × service points × days, not with residents),");
        s.AppendLine("the population targets, the service points and the last 30 days of disruptions.");
        await File.WriteAllTextAsync(path, existing.TrimEnd() + "\n\n" + s);
        Console.WriteLine($"Figures written to {path}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("class=\"manual-key\" data-key=\"([^\"]+)\"")]
    private static partial Regex ManualKeyPattern();
}
