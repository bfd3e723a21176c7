using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EKtp.Bench;

/// <summary>
/// <c>./ektp bench failover [--short]</c> (issue 16): stands up <c>./ektp ha up</c>, books from many clients through
/// HAProxy while web1 is killed and, later, the primary PostgreSQL, then checks what the residents were told against
/// the database and stops the topology. Every booking answered 201 must exist exactly once, no slot may hold more than
/// its capacity, every answer must be 201, 409 or a retryable 503 with Retry-After (retried with the same idempotency
/// key), and a queue board connected to web2 must show a call made through web1. Before the kills, the same clients
/// book through HAProxy for a fixed time with both instances in rotation and then with web2 taken out through HAProxy's
/// runtime API (still running), and the two rates and their ratio are printed. <c>--short</c>: 20 clients, 5 s per
/// rate, 20 s of kills (the test suite runs it); the long run: 100 clients, 20 s per rate, 60 s of kills.
/// Exits 1 when a check fails.
/// </summary>
public static class FailoverBench
{
    private const string Point = "kec-rao";
    private const string Password = "Failover-Bench-Pasaman-7";

    private sealed record Answer(int Status, bool RetryAfter, TimeSpan Started, TimeSpan At);

    public static async Task<int> RunAsync(string[] args)
    {
        var isShort = args.Contains("--short");
        int clients = isShort ? 20 : 100;
        var duration = TimeSpan.FromSeconds(isShort ? 20 : 60);
        var ratePhase = TimeSpan.FromSeconds(isShort ? 5 : 20);
        var warmUp = TimeSpan.FromSeconds(isShort ? 3 : 10);
        var basePort = int.Parse(Environment.GetEnvironmentVariable("EKTP_HA_PORT") ?? "5460", CultureInfo.InvariantCulture);
        var balancer = new Uri($"http://127.0.0.1:{basePort + 10}");
        var web1 = new Uri($"http://127.0.0.1:{basePort + 11}");
        var web2 = new Uri($"http://127.0.0.1:{basePort + 12}");
        var statistics = new Uri($"http://127.0.0.1:{basePort + 19}/;csv");
        var database = $"Host=127.0.0.1:{basePort + 1},127.0.0.1:{basePort + 2};Database=ektp;Username=ektp;Password=ektp-ha-demo;" +
                       "Target Session Attributes=read-write;Timeout=3";

        // The machine's load before anything starts: the figures below depend on it (docs/benchmarks.md).
        Console.WriteLine($"load average before ./ektp ha up: {LoadAverage()}");
        await HaAsync("up");
        try
        {
            var failures = new List<string>();
            failures.AddRange(await BoardAcrossInstancesAsync(database, web1, web2));
            var slots = await SlotsAsync(database, skip: 0, count: 40);
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
            {
                BaseAddress = balancer, Timeout = TimeSpan.FromSeconds(40), // longer than HAProxy's 30 s: its 504 is the answer
            };
            var serial = 0;
            failures.AddRange(await TwoInstancesAgainstOneAsync(database, http, statistics, clients, warmUp, ratePhase,
                () => Interlocked.Increment(ref serial)));

            var watch = Stopwatch.StartNew();
            var answers = new ConcurrentBag<Answer>();
            var booked = new ConcurrentBag<string>();
            var kills = Task.Run(async () =>
            {
                await Task.Delay(duration / 4);
                await HaAsync("kill", "web1");
                await Task.Delay(duration / 4);
                // Timed from when the kill has happened: ./ektp ha kill itself takes a while on a loaded machine.
                await HaAsync("kill", "db-primary");
                return watch.Elapsed;
            });
            var recovered = 0;
            // The clients keep booking past the planned duration until a booking sent after the primary's kill succeeds
            // (the monitor's promotion takes 10-20 s, longer on a loaded machine), for at most a minute more.
            var lastChance = duration + TimeSpan.FromSeconds(60);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var random = new Random(c);
                while (watch.Elapsed < duration || (Volatile.Read(ref recovered) == 0 && watch.Elapsed < lastChance))
                {
                    var n = Interlocked.Increment(ref serial);
                    var slot = slots[random.Next(slots.Count)];
                    var started = watch.Elapsed;
                    var code = await BookAsync(http, slot, n, watch, answers, lastChance + TimeSpan.FromSeconds(30));
                    if (code is not null) booked.Add(code);
                    // Answered by the booking transaction (booked, or refused as full) after the primary's kill: recovered.
                    if (kills.IsCompletedSuccessfully && started > kills.Result &&
                        answers.Any(a => a.Started >= started && a.Status is 201 or 409)) Volatile.Write(ref recovered, 1);
                }
            })));
            var primaryKilledAt = await kills;

            var list = answers.ToList();
            // A booking sent after the kill that succeeded: the new primary takes writes.
            // A 409 counts too: the booking transaction ran on the new primary and refused (the short run's few slots fill up).
            var firstSuccessAfter = list.Where(a => a.Status is 201 or 409 && a.Started > primaryKilledAt).Select(a => a.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            var failedDuringSwitch = list.Count(a => a.Status is not (201 or 409) && a.At >= primaryKilledAt && a.Started <= firstSuccessAfter);
            // An answer that is neither a booking, a refusal nor a retryable 503. A request that got no answer at all (its
            // connection died with web1, or the client's timeout passed) is counted apart and was retried with its key.
            var unclear = list.Where(a => a.Status is not (0 or 201 or 409) && !(a.Status == 503 && a.RetryAfter)).ToList();
            Console.WriteLine($"requests without any answer (retried with the same key): {list.Count(a => a.Status == 0)}");
            var (lost, duplicated, overbooked) = await VerifyAsync(database, booked.ToList(), slots);

            Console.WriteLine($"failover benchmark{(isShort ? " (short)" : "")}: {clients} clients for {duration.TotalSeconds:0} s through HAProxy; " +
                              $"web1 killed at {duration.TotalSeconds / 4:0} s, the primary at {primaryKilledAt.TotalSeconds:0.0} s; load average {LoadAverage()}");
            Console.WriteLine($"answers: {list.Count(a => a.Status == 201)} × 201, {list.Count(a => a.Status == 409)} × 409, " +
                              $"{list.Count(a => a.Status == 503 && a.RetryAfter)} × 503 with Retry-After, {unclear.Count} other");
            Console.WriteLine(firstSuccessAfter == TimeSpan.MaxValue
                ? "seconds from killing the primary until bookings are answered again (201 or 409): never"
                : $"seconds from killing the primary until bookings are answered again (201 or 409): {(firstSuccessAfter - primaryKilledAt).TotalSeconds:0.0}" +
                  $" (goal ≤ 30 s: {((firstSuccessAfter - primaryKilledAt).TotalSeconds <= 30 ? "met" : "not met")})");
            Console.WriteLine($"requests that failed during the switch: {failedDuringSwitch}");
            Console.WriteLine($"committed bookings lost: {lost}, duplicated: {duplicated}, overbooked slots: {overbooked}");
            if (lost > 0) failures.Add($"{lost} bookings answered 201 are not in the database");
            if (duplicated > 0) failures.Add($"{duplicated} booking codes exist more than once");
            if (overbooked > 0) failures.Add($"{overbooked} slots hold more than their capacity");
            if (unclear.Count > 0) failures.Add($"{unclear.Count} answers were neither 201, 409 nor 503 with Retry-After: " +
                                                string.Join(", ", unclear.Select(a => a.Status).Distinct()));
            if (firstSuccessAfter == TimeSpan.MaxValue) failures.Add("no booking was answered (201 or 409) after the primary was killed");
            foreach (var f in failures) Console.WriteLine("FAILED: " + f);
            Console.WriteLine(failures.Count == 0 ? "failover: every check passed" : $"failover: {failures.Count} checks failed");
            return failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            await HaAsync("down");
        }
    }

    /// <summary>One resident's booking, retried with the same idempotency key while the answer is a retryable 503.</summary>
    private static async Task<string?> BookAsync(HttpClient http, Guid slot, int serial, Stopwatch watch, ConcurrentBag<Answer> answers, TimeSpan giveUpAt)
    {
        var key = Guid.NewGuid();
        while (watch.Elapsed < giveUpAt)
        {
            using var request = BookingRequest(slot, serial, key);
            HttpResponseMessage response;
            var started = watch.Elapsed;
            try
            {
                response = await http.SendAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // No answer at all (the connection died with web1): counted, and retried with the same key.
                answers.Add(new Answer(0, false, started, watch.Elapsed));
                await Task.Delay(500);
                continue;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                answers.Add(new Answer(status, response.Headers.RetryAfter is not null, started, watch.Elapsed));
                if (status == 201)
                    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
                if (status != 503) return null;
            }
            // Retry-After says 30 s (decision 1301); a client in a hurry comes back sooner, as the benchmark must to measure.
            await Task.Delay(1000);
        }
        return null;
    }

    /// <summary>A new resident's booking: the same body whichever phase sends it.</summary>
    private static HttpRequestMessage BookingRequest(Guid slot, int serial, Guid key)
    {
        // A valid NIK per booking: Kecamatan Lubuk Sikaping, a birth date and a serial that together never repeat.
        var birth = new DateOnly(1960, 1, 1).AddDays(serial / 9000);
        var nik = $"130805{birth:ddMMyy}{serial % 9000 + 1:0000}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings")
        {
            Content = JsonContent.Create(new
            {
                slotId = slot, service = "new-recording", nik, kkNumber = "1308050101100001", fullName = "Siti Rahmah",
                birthDate = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), phone = "081234567890", villageCode = "13.08.05.2001",
            }),
        };
        request.Headers.Add("Idempotency-Key", key.ToString());
        return request;
    }

    /// <summary>One throughput phase: the client's answers and HAProxy's counters over it.</summary>
    private sealed record Rate(int Booked, int Other, string OtherByStatus, Counters Haproxy, string Load)
    {
        public override string ToString() =>
            $"{Booked} × 201, {Other} other{OtherByStatus}; answered by web1 {Haproxy.Web1}, web2 {Haproxy.Web2}, " +
            $"by HAProxy itself {Haproxy.Itself}; instances taken out by failed health checks: {Haproxy.TimesDown}";
    }

    /// <summary>
    /// HTTP answers through HAProxy so far: each instance's, and HAProxy's own (503 while no instance was in rotation:
    /// the backend's count less its servers'), and how often an instance went from UP to DOWN on its health checks.
    /// </summary>
    private sealed record Counters(long Web1, long Web2, long Itself, long TimesDown)
    {
        public static Counters operator -(Counters a, Counters b) =>
            new(a.Web1 - b.Web1, a.Web2 - b.Web2, a.Itself - b.Itself, a.TimesDown - b.TimesDown);
    }

    /// <summary>
    /// Bookings per second through HAProxy with web1 and web2 in rotation, then with web2 out of it (maintenance, set
    /// through HAProxy's admin socket by <c>./ektp ha disable web2</c>; its process keeps running and still holds its
    /// memory), then web2 back in. The slots have room for every booking (capacity raised, as the booking benchmark
    /// does), so both rates measure the booking transaction and not refusals of full slots. The rates are printed, not
    /// judged (two cores shared by both instances, both PostgreSQL nodes and this load generator); judged is that
    /// HAProxy really sent web2 nothing while it was out and both instances answered while both were in.
    /// </summary>
    private static async Task<List<string>> TwoInstancesAgainstOneAsync(string database, HttpClient http, Uri statistics,
        int clients, TimeSpan warmUp, TimeSpan phase, Func<int> nextSerial)
    {
        var slots = await SlotsAsync(database, skip: 40, count: 20);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var roomy = new NpgsqlCommand("UPDATE slots SET capacity = 1000000 WHERE id = ANY(@slots)", connection);
            roomy.Parameters.AddWithValue("slots", slots.ToArray());
            await roomy.ExecuteNonQueryAsync();
        }

        // Both instances' booking path compiled and their pools filled before either rate is taken.
        await LoadAsync(http, statistics, slots, clients, warmUp, nextSerial);
        var two = await LoadAsync(http, statistics, slots, clients, phase, nextSerial);
        await HaAsync("disable", "web2");
        Rate one;
        try
        {
            one = await LoadAsync(http, statistics, slots, clients, phase, nextSerial);
        }
        finally
        {
            // The kills that follow need web2 serving: web1 is the first to die.
            await HaAsync("enable", "web2");
        }

        double PerSecond(Rate r) => r.Booked / phase.TotalSeconds;
        Console.WriteLine($"bookings per second through HAProxy, {clients} clients for {phase.TotalSeconds:0} s each " +
                          $"(after {warmUp.TotalSeconds:0} s of warm-up; 201 answers only):");
        Console.WriteLine($"  two instances (web1 and web2): {PerSecond(two):0.0}/s ({two}); load average {two.Load}");
        Console.WriteLine($"  one instance (web2 disabled in HAProxy, its process still running): {PerSecond(one):0.0}/s ({one}); " +
                          $"load average {one.Load}");
        Console.WriteLine(one.Booked == 0
            ? "bookings per second through HAProxy, two instances against one: none booked with one instance"
            : $"bookings per second through HAProxy, two instances against one: {(double)two.Booked / one.Booked:0.00} " +
              "(both instances, both PostgreSQL nodes and the load generator share this machine's cores)");

        var failures = new List<string>();
        if (one.Haproxy.Web2 > 0) failures.Add($"web2, out of HAProxy's rotation, answered {one.Haproxy.Web2} requests");
        if (two.Haproxy.Web1 == 0 || two.Haproxy.Web2 == 0)
            failures.Add($"with both instances in rotation web1 answered {two.Haproxy.Web1} and web2 {two.Haproxy.Web2} requests");
        if (two.Booked == 0 || one.Booked == 0) failures.Add($"no booking answered 201 in a throughput phase (two: {two.Booked}, one: {one.Booked})");
        return failures;
    }

    /// <summary>
    /// <paramref name="clients"/> residents booking one after another for <paramref name="length"/>, one attempt each;
    /// an answer that arrives after the end is not counted. The instances' shares come from HAProxy's statistics.
    /// </summary>
    private static async Task<Rate> LoadAsync(HttpClient http, Uri statistics, List<Guid> slots, int clients, TimeSpan length, Func<int> nextSerial)
    {
        var before = await CountersAsync(http, statistics);
        int booked = 0, other = 0;
        var statuses = new ConcurrentDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(1000 + c);
            while (watch.Elapsed < length)
            {
                int status;
                try
                {
                    using var request = BookingRequest(slots[random.Next(slots.Count)], nextSerial(), Guid.NewGuid());
                    using var response = await http.SendAsync(request);
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }
                if (watch.Elapsed > length) break;
                if (status == 201) Interlocked.Increment(ref booked);
                else
                {
                    Interlocked.Increment(ref other);
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                }
            }
        })));
        var load = LoadAverage();
        var after = await CountersAsync(http, statistics);
        // 0: no answer at all (the connection failed or the client's timeout passed).
        var byStatus = statuses.IsEmpty ? "" : " (" + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value}")) + ")";
        return new Rate(booked, other, byStatus, after - before, load);
    }

    /// <summary>HAProxy's counters from its statistics CSV: the hrsp_* columns (answers by status class) and chkdown.</summary>
    private static async Task<Counters> CountersAsync(HttpClient http, Uri statistics)
    {
        var lines = (await http.GetStringAsync(statistics)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var answers = Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("hrsp_", StringComparison.Ordinal)).ToList();
        var down = Array.IndexOf(header, "chkdown");
        string[] Row(string name) => lines.Select(l => l.Split(',')).Single(r => r[0] == "portal_instances" && r[1] == name);
        static long Number(string[] row, int i) => long.TryParse(row[i], CultureInfo.InvariantCulture, out var n) ? n : 0;
        long Answered(string[] row) => answers.Sum(i => Number(row, i));
        string[] web1 = Row("web1"), web2 = Row("web2");
        return new Counters(Answered(web1), Answered(web2), Answered(Row("BACKEND")) - Answered(web1) - Answered(web2),
            Number(web1, down) + Number(web2, down));
    }

    private static async Task<List<Guid>> SlotsAsync(string database, int skip, int count)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT s.id FROM slots s JOIN service_points p ON p.id = s.service_point_id
            WHERE NOT s.is_closed AND s.date > (now() AT TIME ZONE 'Asia/Jakarta')::date AND s.mobile_stop_id IS NULL
            ORDER BY s.date, s.starts_at, s.id OFFSET @skip LIMIT @count
            """, connection);
        command.Parameters.AddWithValue("skip", skip);
        command.Parameters.AddWithValue("count", count);
        var slots = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) slots.Add(reader.GetGuid(0));
        if (slots.Count < count) throw new InvalidOperationException($"fewer than {skip + count} bookable slots in the HA database");
        return slots;
    }

    private static async Task<(int Lost, int Duplicated, int Overbooked)> VerifyAsync(string database, List<string> codes, List<Guid> slots)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT code, count(*) FROM appointments WHERE code = ANY(@codes) GROUP BY code", connection);
        count.Parameters.AddWithValue("codes", codes.ToArray());
        var found = new Dictionary<string, long>();
        await using (var reader = await count.ExecuteReaderAsync())
            while (await reader.ReadAsync()) found[reader.GetString(0)] = reader.GetInt64(1);
        await using var over = new NpgsqlCommand("""
            SELECT count(*) FROM slots s WHERE s.id = ANY(@slots) AND (s.booked > s.capacity OR
              (SELECT count(*) FROM appointments a WHERE a.slot_id = s.id AND a.status IN ('Booked', 'CheckedIn')) > s.capacity)
            """, connection);
        over.Parameters.AddWithValue("slots", slots.ToArray());
        var overbooked = Convert.ToInt32(await over.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        await using var dup = new NpgsqlCommand("SELECT count(*) FROM (SELECT code FROM appointments GROUP BY code HAVING count(*) > 1) d", connection);
        var duplicated = Convert.ToInt32(await dup.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return (codes.Distinct().Count(c => !found.ContainsKey(c)), duplicated, overbooked);
    }

    /// <summary>A board watching web2 directly; an operator signed in on web1 directly issues a walk-in and calls it.</summary>
    private static async Task<List<string>> BoardAcrossInstancesAsync(string database, Uri web1, Uri web2)
    {
        var email = $"operator-{Guid.NewGuid():N}@ektp.bench";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["ConnectionStrings:EKtp"] = database;
        builder.AddEKtp();
        await using (var app = builder.Build())
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var point = await db.ServicePoints.SingleAsync(p => p.Code == Point);
            var user = new StaffUser { UserName = email, Email = email, DisplayName = "Operator uji", ServicePointId = point.Id, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.Operator);
        }

        var calls = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(web2, "/hubs/queue"), o => { o.SkipNegotiation = true; o.Transports = HttpTransportType.WebSockets; })
            .Build();
        screen.On<JsonElement>("board", b => { if (b.GetProperty("lastCalled").ValueKind == JsonValueKind.Object) calls.TrySetResult(b); });
        await screen.StartAsync();
        await screen.InvokeAsync<JsonElement>("Watch", Point);

        using var staff = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = web1 };
        await PostFormAsync(staff, "/staff/sign-in", "/staff/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        await PostFormAsync(staff, $"/staff/queue/{Point}", $"/staff/queue/{Point}/walk-in", new() { ["Service"] = nameof(ServiceType.NewRecording) });
        await PostFormAsync(staff, $"/staff/queue/{Point}", $"/staff/queue/{Point}/call-next", new() { ["Counter"] = "1" });
        var shown = await Task.WhenAny(calls.Task, Task.Delay(TimeSpan.FromSeconds(15)));
        Console.WriteLine(shown == calls.Task
            ? $"board on web2 shows {calls.Task.Result.GetProperty("lastCalled").GetProperty("label").GetString()}, called through web1"
            : "board on web2 did not show the call made through web1");
        return shown == calls.Task ? [] : ["the board on web2 did not show the call made through web1"];
    }

    private static async Task PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!token.Success) throw new InvalidOperationException($"no antiforgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        using var response = await client.PostAsync(action, new FormUrlEncodedContent(fields));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{action} answered {(int)response.StatusCode}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task HaAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(BenchEnvironment.Root, "ektp")) { UseShellExecute = false };
        info.ArgumentList.Add("ha");
        foreach (var a in args) info.ArgumentList.Add(a);
        // Every booking comes from this one address: the per-address limit would answer 429.
        info.Environment["RateLimiting__Enabled"] = "false";
        info.Environment["EKTP_HA_NO_BUILD"] = "1";
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"./ektp ha {string.Join(' ', args)} failed ({process.ExitCode})");
    }
}
