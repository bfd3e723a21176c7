using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Text;

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>) that <c>./ektp bench cost</c> loads into the portal it starts: on
/// the loopback port in <c>EKTP_COST_PROBE_PORT</c> it answers each connection with one line of the process's own
/// counters (bytes allocated, CPU time, collections, heap), so that the cost of requests is measured inside the portal
/// and not guessed from outside. It uses the base library only; the portal never loads it otherwise.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("EKTP_COST_PROBE_PORT"), out var port)) return;
        // EKTP_COST_TYPES_FILE: also sample allocations by type (the runtime's allocation tick, about one per 100 KB) and
        // append, at each probe, the types allocated since the last one: where the bytes go, without a profiler.
        var typesFile = Environment.GetEnvironmentVariable("EKTP_COST_TYPES_FILE");
        var types = typesFile is { Length: > 0 } ? new AllocationTypes() : null;
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        new Thread(() =>
        {
            while (true)
            {
                using var client = listener.AcceptTcpClient();
                var info = GC.GetGCMemoryInfo();
                var heaps = GC.GetConfigurationVariables().TryGetValue("HeapCount", out var h) ? h : "?";
                var line = string.Join(' ',
                    GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture),
                    Environment.CpuUsage.TotalTime.Ticks.ToString(CultureInfo.InvariantCulture),
                    GC.CollectionCount(0).ToString(CultureInfo.InvariantCulture),
                    GC.CollectionCount(1).ToString(CultureInfo.InvariantCulture),
                    GC.CollectionCount(2).ToString(CultureInfo.InvariantCulture),
                    info.HeapSizeBytes.ToString(CultureInfo.InvariantCulture),
                    info.TotalCommittedBytes.ToString(CultureInfo.InvariantCulture),
                    GCSettings.IsServerGC ? "server" : "workstation",
                    Convert.ToString(heaps, CultureInfo.InvariantCulture),
                    GCSettings.LatencyMode.ToString()) + "\n";
                client.GetStream().Write(Encoding.ASCII.GetBytes(line));
                if (types is not null) File.AppendAllText(typesFile!, types.Drain());
            }
        }) { IsBackground = true, Name = "ektp-cost-probe" }.Start();
    }
}

internal sealed class AllocationTypes : EventListener
{
    private ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
        var kind = Convert.ToInt32(e.Payload[e.PayloadNames.IndexOf("AllocationKind")], CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(kind == 1 ? type + " (LOH)" : type, amount, (_, b) => b + amount);
    }

    public string Drain()
    {
        var taken = Interlocked.Exchange(ref _bytes, new ConcurrentDictionary<string, long>());
        var total = taken.Values.Sum();
        var sb = new StringBuilder($"--- probe: {total / 1024} KB sampled\n");
        foreach (var (type, bytes) in taken.OrderByDescending(t => t.Value).Take(25))
            sb.Append(CultureInfo.InvariantCulture, $"{bytes * 100.0 / Math.Max(1, total),5:F1} %  {bytes / 1024,8} KB  {type}\n");
        return sb.ToString();
    }
}
