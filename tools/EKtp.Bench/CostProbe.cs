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
            }
        }) { IsBackground = true, Name = "ektp-cost-probe" }.Start();
    }
}
