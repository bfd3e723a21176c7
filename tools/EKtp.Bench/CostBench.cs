using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace EKtp.Bench;

/// <summary>
/// <c>./ektp bench cost</c>: what one request costs the portal itself, in figures that do not depend on how busy the
/// machine is: bytes allocated and CPU time per request, read inside the portal process (the <see cref="StartupHook"/>
/// probe) around a run of sequential requests after a warm-up, for the slot-choice page (with and without
/// <c>Accept-Encoding</c>) and <c>POST /api/v1/bookings</c>; then the portal's peak memory after a fixed moderate load.
/// Requests/s would say how busy the machine was; these say how much work the portal does. Environment variables of
/// this process reach the portal (<c>DOTNET_gcServer=0 ./ektp bench cost</c> measures another GC setting).
/// </summary>
public static class CostBench
{
    private sealed record Profile(int WarmUp, int Requests, int Rounds, int LoadRequests, int LoadClients, int BurstRequests, int BurstClients);

    private static readonly Profile Full = new(WarmUp: 500, Requests: 200, Rounds: 3, LoadRequests: 2000, LoadClients: 32,
        BurstRequests: 2000, BurstClients: 200);
    private static readonly Profile Short = new(WarmUp: 30, Requests: 30, Rounds: 1, LoadRequests: 60, LoadClients: 4,
        BurstRequests: 40, BurstClients: 10);

    private const string PagePath = "/booking/slots?service=new-recording&point=dpks";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => a != "--short"))
        {
            Console.Error.WriteLine("usage: ./ektp bench cost [--short]");
            return 2;
        }
        var run = args.Contains("--short") ? Short : Full;
        var root = BenchEnvironment.Root;
        var connectionString = BenchEnvironment.ConnectionString;
        var web = Path.Combine(root, "src", "EKtp.Web");
        // EKTP_BENCH_PORTAL: a copy of another build's bin/Release/net10.0, to measure two builds side by side.
        var dll = Path.Combine(Environment.GetEnvironmentVariable("EKTP_BENCH_PORTAL") ?? Path.Combine(web, "bin", "Release", "net10.0"), "EKtp.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: ./ektp bench builds it in Release.");

        var port = BookingBench.FreePort();
        var probePort = BookingBench.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        Console.WriteLine($"Machine: {BenchEnvironment.Machine}; load average (1 min) at start: {BookingBench.LoadAverage()}");
        Console.WriteLine("These figures are per request and measured inside the portal: other work on the machine slows them little, " +
                          "but they are not throughput.");
        // The probe is loaded into the portal as a startup hook; the portal inherits this process's environment.
        Environment.SetEnvironmentVariable("DOTNET_STARTUP_HOOKS", typeof(CostBench).Assembly.Location);
        Environment.SetEnvironmentVariable("EKTP_COST_PROBE_PORT", probePort.ToString(CultureInfo.InvariantCulture));
        // Hot methods reach their optimized (tier-1, PGO) code after 30 calls at once, not after a quiet 100 ms that a
        // busy machine never has: a few hundred requests of warm-up then measure the steady code. The code is the same.
        Environment.SetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0");
        using var portal = BookingBench.StartPortal(dll, web, baseUrl, connectionString);
        Environment.SetEnvironmentVariable("DOTNET_STARTUP_HOOKS", null);
        try
        {
            await BookingBench.WaitReadyAsync(baseUrl, portal);
            await using var data = NpgsqlDataSource.Create(connectionString);
            await BookingBench.ResetBookingsAsync(data);
            var first = await ProbeAsync(probePort);
            Console.WriteLine($"GC: {first.Gc} ({first.Heaps} heaps configured, {first.Latency}); resident memory after start " +
                              $"{ResidentMiB(portal.Id):F0} MiB");

            using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
            {
                BaseAddress = new Uri(baseUrl),
            };
            Task<HttpResponseMessage> Page(bool compressed)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, PagePath);
                if (compressed) request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
                return http.SendAsync(request);
            }
            var slots = await BookingBench.PrepareSlotsAsync(data, 20, capacity: 1_000_000, skip: 0);
            var booked = 0;
            Task<HttpResponseMessage> Book() => http.PostAsync("/api/v1/bookings", BookingBody(slots, Interlocked.Increment(ref booked)));

            var figures = new List<(string Name, Cost Cost)>
            {
                ("slot page, no Accept-Encoding", await MeasureAsync("slot page, no Accept-Encoding", () => Page(false), probePort, run)),
                ("slot page, Accept-Encoding: br, gzip", await MeasureAsync("slot page, Accept-Encoding: br, gzip", () => Page(true), probePort, run)),
                ("POST /api/v1/bookings", await MeasureAsync("POST /api/v1/bookings", Book, probePort, run)),
            };
            Console.WriteLine();
            Console.WriteLine("| request | allocated KB/request | CPU ms/request | gen0 GCs per 1000 requests |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (name, cost) in figures)
                Console.WriteLine($"| {name} | {cost.AllocatedKb} | {cost.CpuMs} | {cost.Gen0PerThousand:F1} |");
            Console.WriteLine();

            // Peak memory after a fixed, moderate load: the page and the API with LoadClients at once, then a burst of
            // bookings from BurstClients at once (as the booking benchmark's overbooking run), on slots soon full.
            await LoadAsync(baseUrl, run.LoadRequests, run.LoadClients, (c, _) => c.GetAsync(PagePath));
            await LoadAsync(baseUrl, run.LoadRequests, run.LoadClients, (c, i) => c.PostAsync("/api/v1/bookings", BookingBody(slots, 100_000 + i)));
            var contested = await BookingBench.PrepareSlotsAsync(data, 20, capacity: 20, skip: 20);
            await LoadAsync(baseUrl, run.BurstRequests, run.BurstClients, (c, i) => c.PostAsync("/api/v1/bookings", BookingBody(contested, 200_000 + i)));
            var last = await ProbeAsync(probePort);
            Console.WriteLine($"Portal peak memory (VmHWM) after the fixed load ({run.LoadRequests} pages and {run.LoadRequests} bookings from " +
                              $"{run.LoadClients} clients, {run.BurstRequests} bookings from {run.BurstClients}): {BookingBench.PeakMemoryMiB(portal.Id):F0} MiB; " +
                              $"resident now {ResidentMiB(portal.Id):F0} MiB; GC heap {last.HeapBytes / 1048576.0:F0} MiB, " +
                              $"committed {last.CommittedBytes / 1048576.0:F0} MiB; collections gen0/1/2 {last.Gen0}/{last.Gen1}/{last.Gen2}");
            Console.WriteLine($"Machine load average (1 min) at end: {BookingBench.LoadAverage()}");
            if (run == Short) Console.WriteLine("Short mode: the benchmark ran end to end; its figures are not measurements.");
            await BookingBench.ResetBookingsAsync(data);
            return 0;
        }
        finally
        {
            if (!portal.HasExited) portal.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Median and range over the rounds, per request.</summary>
    private sealed record Cost(string AllocatedKb, string CpuMs, double Gen0PerThousand);

    private static async Task<Cost> MeasureAsync(string name, Func<Task<HttpResponseMessage>> send, int probePort, Profile run)
    {
        for (var i = 0; i < run.WarmUp; i++) await SendAsync(send);
        var kb = new List<double>();
        var ms = new List<double>();
        var gen0 = new List<double>();
        for (var round = 0; round < run.Rounds; round++)
        {
            var before = await ProbeAsync(probePort);
            for (var i = 0; i < run.Requests; i++) await SendAsync(send);
            var after = await ProbeAsync(probePort);
            kb.Add((after.Allocated - before.Allocated) / 1024.0 / run.Requests);
            ms.Add((after.Cpu - before.Cpu).TotalMilliseconds / run.Requests);
            gen0.Add((after.Gen0 - before.Gen0) * 1000.0 / run.Requests);
        }
        var cost = new Cost(MedianAndRange(kb, "F1"), MedianAndRange(ms, "F2"), gen0.Order().ElementAt(gen0.Count / 2));
        Console.WriteLine($"  {name}: {cost.AllocatedKb} KB allocated, {cost.CpuMs} ms CPU per request " +
                          $"({run.Rounds} rounds of {run.Requests} sequential requests after {run.WarmUp})");
        return cost;
    }

    private static async Task SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        using var response = await send();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
        await response.Content.CopyToAsync(Stream.Null);
    }

    private static string MedianAndRange(List<double> values, string format)
    {
        var sorted = values.Order().ToList();
        var median = sorted[sorted.Count / 2].ToString(format, CultureInfo.InvariantCulture);
        return sorted.Count == 1 ? median
            : $"{median} ({sorted[0].ToString(format, CultureInfo.InvariantCulture)}–{sorted[^1].ToString(format, CultureInfo.InvariantCulture)})";
    }

    private static async Task LoadAsync(string baseUrl, int requests, int clients, Func<HttpClient, int, Task<HttpResponseMessage>> send)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2),
        };
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < requests)
            {
                // 409 (slot full) is an answer too; only a failure to answer stops the load.
                using var response = await send(http, i);
                await response.Content.CopyToAsync(Stream.Null);
            }
        }));
    }

    /// <summary>A booking with a NIK of its own: kecamatan 50–89, one birth day, serials 0001–9999.</summary>
    private static StringContent BookingBody(IReadOnlyList<Guid> slots, int n)
    {
        var nik = $"1308{50 + n / 9999 % 40:00}010180{n % 9999 + 1:0000}";
        var json = $$"""{"slotId":"{{slots[n % slots.Count]}}","service":"new-recording","nik":"{{nik}}","kkNumber":"1308050101100001","fullName":"Warga Bench","birthDate":"1980-01-01","phone":"081234567890","villageCode":"13.08.05.2001"}""";
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    private sealed record ProbeLine(long Allocated, TimeSpan Cpu, int Gen0, int Gen1, int Gen2, long HeapBytes, long CommittedBytes,
        string Gc, string Heaps, string Latency);

    private static async Task<ProbeLine> ProbeAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        var p = (await reader.ReadLineAsync() ?? throw new InvalidOperationException("The portal's cost probe did not answer.")).Split(' ');
        long L(int i) => long.Parse(p[i], CultureInfo.InvariantCulture);
        return new ProbeLine(L(0), TimeSpan.FromTicks(L(1)), (int)L(2), (int)L(3), (int)L(4), L(5), L(6), p[7], p[8], p[9]);
    }

    private static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
