using System.Diagnostics;
using System.Security.Cryptography;
using EKtp.Tests.Support;
using Npgsql;

namespace EKtp.Tests.Integration.Benchmarks;

/// <summary>
/// Every <c>./ektp bench NAME</c> in its short mode, as a process the way the script starts it (the built
/// tools/EKtp.Bench on a database of its own), so that a benchmark cannot stop working unnoticed. wrk and pgbench
/// come from <c>./ektp test</c>, which installs them. The classes share <see cref="BenchmarkCollection"/>: one after another,
/// beside the rest of the suite.
/// </summary>
public static class ShortBench
{
    /// <summary>
    /// A guard against a benchmark that hangs, not a speed limit: each takes well under a minute on a quiet machine, but
    /// several minutes when the machine's two cores are shared with other builds (load average 40 and more), and the
    /// dashboard benchmark took over 8 minutes beside the suite's other collections at load average 100 and more.
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public static async Task<string> RunAsync(string database, string name)
    {
        var admin = Environment.GetEnvironmentVariable("EKTP_TEST_PG")!;
        var info = Process(name);
        info.Environment["EKTP_PG_ADMIN"] = admin;
        info.Environment["ConnectionStrings__EKtp"] =
            new NpgsqlConnectionStringBuilder(admin) { Database = database, Timeout = TestDatabase.PatientConnectSeconds }.ConnectionString;
        var text = await RunToEndAsync(info, name);
        Assert.Contains("Short mode: the benchmark ran end to end", text);
        return text;
    }

    /// <summary>The built tools/EKtp.Bench as <c>./ektp bench NAME --short</c> starts it, with throwaway personal-data keys.</summary>
    public static ProcessStartInfo Process(string name)
    {
        var root = Root();
        var dll = Path.Combine(root, "tools", "EKtp.Bench", "bin", "Release", "net10.0", "EKtp.Bench.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the suite builds the solution in Release (./ektp test).");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, name, "--short" }) info.ArgumentList.Add(arg);
        info.Environment["EKTP_ROOT"] = root;
        // What ./ektp puts in .data/secrets.env; throwaway keys for a throwaway database.
        info.Environment["PersonalData__ActiveKeyId"] = "b1";
        info.Environment["PersonalData__EncryptionKeys__b1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        info.Environment["PersonalData__HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return info;
    }

    /// <summary>Runs a benchmark process to its end (killed past <see cref="Limit"/>); fails unless it exits 0.</summary>
    public static async Task<string> RunToEndAsync(ProcessStartInfo info, string name)
    {
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bench {name} --short ran longer than {Limit.TotalMinutes} minutes:\n{await output}\n{await error}");
        }
        var text = await output;
        Assert.True(process.ExitCode == 0, $"bench {name} --short exited with {process.ExitCode}:\n{text}\n{await error}");
        return text;
    }

    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EKtp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}

[Collection(BenchmarkCollection.Name)]
public class BookingBenchShortModeTests
{
    [Fact]
    public async Task The_booking_benchmark_runs_in_short_mode_and_prints_its_figures()
    {
        await using var database = await TestDatabase.CreateAsync("bench");

        var output = await ShortBench.RunAsync(database.Name, "booking");

        Assert.Matches(@"Slot-choice page \(portal\), requests/s: \d+", output);
        Assert.Matches(@"POST /api/v1/bookings, bookings/s \(2xx answers only\): \d+", output);
        Assert.Matches(@"pgbench -M prepared, same booking transaction, transactions/s: \d+", output);
        Assert.Contains("Overbooking count (must be 0): 0", output);
        // The page ratio compares like with like only while the baseline draws the portal's own slot page.
        Assert.Contains("Baseline HTML equal to the portal's: yes", output);
    }
}

[Collection(BenchmarkCollection.Name)]
public class DashboardBenchShortModeTests
{
    [Fact]
    public async Task The_dashboard_benchmark_signs_the_head_in_with_two_factor_and_prints_its_figures()
    {
        await using var database = await TestDatabase.CreateAsync("bench");
        try
        {
            var output = await ShortBench.RunAsync(database.Name, "dashboard");

            Assert.Matches(@"300 residents: median [\d.]+ ms, p95 [\d.]+ ms", output);
            Assert.Matches(@"600 residents: median [\d.]+ ms, p95 [\d.]+ ms", output);
            Assert.Matches(@"ratio 600 ÷ 300: median [\d.]+", output);
        }
        finally
        {
            // The bench makes a second database beside the first for its larger size.
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("EKTP_TEST_PG"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database.Name}_province\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

[Collection(BenchmarkCollection.Name)]
public class PagesBenchShortModeTests
{
    [Fact]
    public async Task The_pages_benchmark_loads_a_resident_page_on_slow_3G_in_short_mode_and_prints_its_figures()
    {
        await using var database = await TestDatabase.CreateAsync("bench");

        var output = await ShortBench.RunAsync(database.Name, "pages");

        Assert.Matches(@"/: [\d.,]+ KB, paint [\d.,]+ s; then /booking: [\d.,]+ KB", output);
        Assert.Matches(@"(?m)^/ +[\d.]+ +\d+ +[\d.]+ +[\d.]+ \| /booking +[\d.]+ +\d+ +[\d.]+ +[\d.]+", output);
        Assert.Matches(@"Every first view within the goals\.|A first view is ABOVE a goal\.", output);
    }
}

[Collection(BenchmarkCollection.Name)]
public class CostBenchShortModeTests
{
    [Fact]
    public async Task The_cost_benchmark_reads_allocations_and_cpu_per_request_inside_the_portal_in_short_mode()
    {
        await using var database = await TestDatabase.CreateAsync("bench");

        var output = await ShortBench.RunAsync(database.Name, "cost");

        Assert.Matches(@"\| slot page, no Accept-Encoding \| [\d.]+ \| [\d.]+ \|", output);
        Assert.Matches(@"\| slot page, Accept-Encoding: br, gzip \| [\d.]+ \| [\d.]+ \|", output);
        Assert.Matches(@"\| POST /api/v1/bookings \| [\d.]+ \| [\d.]+ \|", output);
        Assert.Matches(@"Portal peak memory \(VmHWM\) after the fixed load .*: \d+ MiB", output);
    }
}

/// <summary>
/// <c>./ektp bench field --short</c>: a hub and a node of their own (clusters, portals and the link on this test's
/// ports and folder, apart from a developer's arrangement and from <c>FieldScriptTests</c>), the link cut and
/// restored while the counter works, and the bench's own judgement: nothing lost, nothing duplicated. In the
/// fixed-ports collection, one after the other arrangements of clusters and portals.
/// </summary>
[Collection(FixedPortsCollection.Name)]
public sealed class FieldBenchShortModeTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ektp-field-bench-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        // The postgres user owns the clusters below it and must pass through.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_data, (UnixFileMode)0b111_111_111);
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Settings()
    {
        var password = File.ReadAllText(Path.Combine(ShortBench.Root(), ".data", "pg-password")).Trim();
        string Database(int port) => $"Host=127.0.0.1;Port={port};Username=ektp;Password={password};Database=ektp";
        return new()
        {
            ["EKTP_FIELD_DATA"] = _data, ["EKTP_FIELD_DIR"] = _data,
            ["EKTP_FIELD_HUB_PG_PORT"] = "5741", ["EKTP_FIELD_NODE_PG_PORT"] = "5742",
            ["EKTP_FIELD_LINK_PORT"] = "5743", ["EKTP_FIELD_CONTROL_PORT"] = "5744",
            ["EKTP_FIELD_HUB_URL"] = "http://127.0.0.1:5791", ["EKTP_FIELD_NODE_URL"] = "http://127.0.0.1:5792",
            ["EKTP_FIELD_HUB_DB"] = Database(5741), ["EKTP_FIELD_NODE_DB"] = Database(5742),
            // The suite has just built the solution in Release (./ektp test).
            ["EKTP_FIELD_NO_BUILD"] = "1",
        };
    }

    [Fact]
    public async Task The_field_benchmark_cuts_the_link_in_short_mode_and_loses_and_duplicates_nothing()
    {
        var info = ShortBench.Process("field");
        foreach (var (name, value) in Settings()) info.Environment[name] = value;

        var output = await ShortBench.RunToEndAsync(info, "field");

        Assert.Contains("Short mode: the benchmark ran end to end", output);
        Assert.Matches(@"(?m)^\s+lost\s+0$", output);
        Assert.Matches(@"(?m)^\s+duplicated\s+0$", output);
        Assert.Matches(@"(?m)^\s+tickets differing\s+0$", output);
        Assert.Matches(@"node portal peak memory\s+[\d.]+ MiB", output);
    }

    /// <summary>The bench stops its arrangement itself; this stops it too when the bench was killed (its portals and
    /// clusters run in sessions of their own, outside the killed process tree), before the folder goes.</summary>
    public async Task DisposeAsync()
    {
        var info = new ProcessStartInfo(Path.Combine(ShortBench.Root(), "ektp"), ["field", "down"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (name, value) in Settings()) info.Environment[name] = value;
        using (var down = Process.Start(info)!)
        {
            var drained = Task.WhenAll(down.StandardOutput.ReadToEndAsync(), down.StandardError.ReadToEndAsync());
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try { await down.WaitForExitAsync(limit.Token); await drained; }
            catch (OperationCanceledException) { down.Kill(entireProcessTree: true); }
        }
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
