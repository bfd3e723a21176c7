using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace EKtp.Bench;

/// <summary>
/// <c>./ektp bench field [--short]</c> (issue 12): stands up <c>./ektp field up</c> (a hub and a node of kec-rao, two
/// clusters, two portal processes, the link proxy between them), then an operator works at the node's pages: a steady
/// spell with the link up (the lag at the hub), repeated cuts, and a backlog made while the link is down and applied
/// after it returns. It then compares both sides' journals (lost, duplicated) and tickets, reads the node portal's peak
/// memory (VmHWM), prints the figures and stops the arrangement. <c>--short</c>: a few seconds per phase, a backlog of
/// 100 events; the long run: 60 s steady, 10 cuts, a backlog of 1,000. Exits 1 when an event is lost or duplicated.
/// </summary>
public static partial class FieldBench
{
    private const string Point = "kec-rao";
    private const string Operator = "operator.rao@ektp.local";
    private const string Password = "Pasaman-Demo-2026";
    private static int _serial = Environment.ProcessId % 1000 * 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var isShort = args.Contains("--short");
        var steady = TimeSpan.FromSeconds(isShort ? 10 : 60);
        var cuts = isShort ? 3 : 10;
        var backlog = isShort ? 100 : 1000;
        var hubDb = Env("EKTP_FIELD_HUB_DB");
        var nodeDb = Env("EKTP_FIELD_NODE_DB");
        var node = new Uri(Env("EKTP_FIELD_NODE_URL"));

        try
        {
            // Inside the try: a start that fails half-way (the hub up, the node not) is stopped too.
            await FieldAsync("up");
            Console.WriteLine("Waiting for the node's first copy (the operator's account, the point's quota)");
            // Enough walk-ins for the day's work; the point's row reaches the node by replication.
            await ExecAsync(hubDb, $"UPDATE service_points SET walk_in_daily_quota = 100000 WHERE code = '{Point}'");
            await UntilAsync(TimeSpan.FromMinutes(3), async () =>
                await ScalarAsync<long>(nodeDb, $"SELECT count(*) FROM staff_users WHERE email = '{Operator}'") == 1
                && await ScalarAsync<int>(nodeDb, $"SELECT walk_in_daily_quota FROM service_points WHERE code = '{Point}'") == 100000);
            using var staff = await SignInAsync(node);
            var actions = 0;

            // 1. Steady: the link up, a counter's pace; the lag of each event from capture at the node to apply at the hub.
            var steadyFrom = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < steady) actions += await CounterRoundAsync(staff);
            await UntilAppliedAsync(hubDb, nodeDb, TimeSpan.FromMinutes(2));
            var lags = await LagsAsync(hubDb, steadyFrom);

            // 2. Cuts: the link dropped and restored while the counter works.
            for (var i = 0; i < cuts; i++)
            {
                await FieldAsync("cut");
                var cut = Stopwatch.StartNew();
                while (cut.Elapsed < TimeSpan.FromSeconds(isShort ? 2 : 5)) actions += await CounterRoundAsync(staff);
                await FieldAsync("restore");
                var up = Stopwatch.StartNew();
                while (up.Elapsed < TimeSpan.FromSeconds(isShort ? 2 : 5)) actions += await CounterRoundAsync(staff);
            }
            await UntilAppliedAsync(hubDb, nodeDb, TimeSpan.FromMinutes(3));

            // 3. Backlog: the link down while events pile up, then the time until the hub has applied them all.
            await FieldAsync("cut");
            var before = await ScalarAsync<long>(nodeDb, "SELECT last_seq FROM field_node_state");
            while (await ScalarAsync<long>(nodeDb, "SELECT last_seq FROM field_node_state") - before < backlog)
            {
                await WalkInAsync(staff);
                actions++;
            }
            var made = await ScalarAsync<long>(nodeDb, "SELECT last_seq FROM field_node_state") - before;
            await FieldAsync("restore");
            var drain = Stopwatch.StartNew();
            await UntilAppliedAsync(hubDb, nodeDb, TimeSpan.FromMinutes(5));
            var drained = drain.Elapsed;

            // The checks: every event once on both sides, the same tickets.
            var nodeId = await ScalarAsync<Guid>(nodeDb, "SELECT node_id FROM field_node_state");
            var atNode = await KeysAsync(nodeDb, "SELECT seq || ':' || id FROM field_events");
            var atHub = await KeysAsync(hubDb, $"SELECT seq || ':' || id FROM field_events WHERE node_id = '{nodeId}'");
            var lost = atNode.Except(atHub).Count();
            var duplicated = atHub.Count - atHub.Distinct().Count() + atHub.Except(atNode).Count();
            var ticketsNode = await KeysAsync(nodeDb, "SELECT id || ':' || status FROM queue_tickets");
            var ticketsHub = await KeysAsync(hubDb, $"SELECT t.id || ':' || t.status FROM queue_tickets t JOIN service_points p ON p.id = t.service_point_id WHERE p.code = '{Point}'");
            var ticketsDiffer = ticketsNode.Except(ticketsHub).Count() + ticketsHub.Except(ticketsNode).Count();
            var peak = PeakMemoryMiB(Path.Combine(Env("EKTP_FIELD_DIR"), "node.pid"));

            string S(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"Field bench ({(isShort ? "short" : "long")}), {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine($"  link cuts survived        {cuts + 1} ({cuts} cut/restore cycles and the backlog's cut)");
            Console.WriteLine($"  events                    {atNode.Count} ({actions} counter actions)");
            Console.WriteLine($"  lost                      {lost}");
            Console.WriteLine($"  duplicated                {duplicated}");
            Console.WriteLine($"  tickets differing         {ticketsDiffer}");
            Console.WriteLine($"  lag while up (s)          p50 {S(Percentile(lags, 0.5))}, p95 {S(Percentile(lags, 0.95))}, max {S(lags.DefaultIfEmpty().Max())} over {lags.Count} events (goal <= 10)");
            Console.WriteLine($"  backlog of {made} applied in {S(drained.TotalSeconds)} s (goal for 1,000: <= 30)");
            Console.WriteLine($"  node portal peak memory   {(peak is { } p ? S(p) + " MiB (VmHWM)" : "unknown")} (goal <= 250)");
            Console.WriteLine($"  node portal memory now    {MemoryNow(Path.Combine(Env("EKTP_FIELD_DIR"), "node.pid"))}");
            if (isShort) Console.WriteLine("Short mode: the benchmark ran end to end.");
            return lost == 0 && duplicated == 0 && ticketsDiffer == 0 ? 0 : 1;
        }
        finally
        {
            await FieldAsync("down");
        }
    }

    private static string Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set (run through ./ektp bench field).");

    /// <summary>One round of a counter: a walk-in, a call, the called ticket's outcome.</summary>
    private static async Task<int> CounterRoundAsync(Staff staff)
    {
        await WalkInAsync(staff);
        await staff.PostAsync($"/staff/queue/{Point}/call-next", new() { ["Counter"] = "1" });
        var page = await staff.GetAsync($"/staff/queue/{Point}");
        if (TicketOutcome().Match(page) is { Success: true } m)
        {
            var nik = $"1308054101{90:00}{Interlocked.Increment(ref _serial) % 9999 + 1:0000}";
            await staff.PostAsync(m.Groups[1].Value + "/outcome", new()
            {
                ["Outcome"] = "Recorded", ["Nik"] = nik, ["VillageCode"] = "13.08.05.2001",
            });
            return 3;
        }
        return 2;
    }

    private static Task WalkInAsync(Staff staff) =>
        staff.PostAsync($"/staff/queue/{Point}/walk-in", new() { ["Service"] = "NewRecording" });

    /// <summary>A called ticket's "serve and record" link on the queue page.</summary>
    [GeneratedRegex("href=\"(/staff/queue/[^\"]+/tickets/[0-9a-f-]+)\"")]
    private static partial Regex TicketOutcome();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private sealed class Staff(HttpClient http) : IDisposable
    {
        private string _token = "";

        public async Task<string> GetAsync(string path)
        {
            var html = await http.GetStringAsync(path);
            if (Token().Match(html) is { Success: true } m) _token = WebUtility.HtmlDecode(m.Groups[1].Value);
            return html;
        }

        public async Task PostAsync(string path, Dictionary<string, string> values)
        {
            if (_token == "") await GetAsync($"/staff/queue/{Point}");
            values["__RequestVerificationToken"] = _token;
            using var response = await http.PostAsync(path, new FormUrlEncodedContent(values));
        }

        public void Dispose() => http.Dispose();
    }

    private static async Task<Staff> SignInAsync(Uri node)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = node, Timeout = TimeSpan.FromSeconds(30),
        };
        var staff = new Staff(http);
        await staff.GetAsync("/staff/sign-in");
        await staff.PostAsync("/staff/sign-in", new() { ["Email"] = Operator, ["Password"] = Password });
        await staff.GetAsync($"/staff/queue/{Point}");
        return staff;
    }

    private static async Task UntilAppliedAsync(string hubDb, string nodeDb, TimeSpan within) =>
        await UntilAsync(within, async () =>
        {
            var last = await ScalarAsync<long>(nodeDb, "SELECT last_seq FROM field_node_state");
            var nodeId = await ScalarAsync<Guid>(nodeDb, "SELECT node_id FROM field_node_state");
            return await ScalarAsync<long>(hubDb, $"SELECT coalesce(max(applied_seq), 0) FROM field_nodes WHERE node_id = '{nodeId}'") == last;
        });

    private static async Task<List<double>> LagsAsync(string hubDb, DateTimeOffset from)
    {
        await using var connection = new NpgsqlConnection(hubDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT extract(epoch FROM applied_at - occurred_at)::float8 FROM field_events WHERE occurred_at >= $1 AND applied_at IS NOT NULL", connection);
        command.Parameters.Add(new() { Value = from });
        var lags = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lags.Add(reader.GetDouble(0));
        return lags;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    /// <summary>The node portal's peak resident memory, from its pid file (the process <c>./ektp field up</c> started).</summary>
    private static double? PeakMemoryMiB(string pidFile)
    {
        if (!File.Exists(pidFile)) return null;
        var status = $"/proc/{File.ReadAllText(pidFile).Trim()}/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadAllLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>
    /// What the node portal's resident memory is made of at the end (decision 1704's breakdown): anonymous (the GC heap
    /// among it), file-backed (mapped assemblies) and shared (the runtime's double-mapped code under W^X).
    /// </summary>
    private static string MemoryNow(string pidFile)
    {
        if (!File.Exists(pidFile)) return "unknown";
        var status = $"/proc/{File.ReadAllText(pidFile).Trim()}/status";
        if (!File.Exists(status)) return "unknown";
        var fields = File.ReadAllLines(status).Select(l => l.Split(':', 2)).Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1].Trim());
        string MiB(string key) => fields.TryGetValue(key, out var v)
            ? (double.Parse(v.Split(' ')[0], CultureInfo.InvariantCulture) / 1024).ToString("0.0", CultureInfo.InvariantCulture)
            : "?";
        return $"VmRSS {MiB("VmRSS")} MiB = RssAnon {MiB("RssAnon")} + RssFile {MiB("RssFile")} + RssShmem {MiB("RssShmem")}";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<List<string>> KeysAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    private static async Task<T> ScalarAsync<T>(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task UntilAsync(TimeSpan within, Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or InvalidCastException or NullReferenceException) { }
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited {within.TotalSeconds:0} s.");
            await Task.Delay(500);
        }
    }

    /// <summary><c>./ektp field VERB</c>, as the operator types it.</summary>
    private static async Task FieldAsync(string verb)
    {
        var root = Environment.GetEnvironmentVariable("EKTP_ROOT") ?? ".";
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(root, "ektp"), ["field", verb]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("./ektp could not be started");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && verb != "down") throw new InvalidOperationException($"./ektp field {verb} failed ({process.ExitCode})");
    }
}
