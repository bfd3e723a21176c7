using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>Issue 16 item 4 at a hub: each field node's lag and waiting events among the operators' metrics (decision 1605).</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class FieldNodeMetricsTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Sample(string metrics, string name, string point)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains($"point=\"{point}\""));
        return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Each_field_node_has_its_lag_and_waiting_events_in_the_metrics_the_lag_growing_while_its_events_wait()
    {
        var now = App.Clock.GetUtcNow();
        var pointId = await App.PointIdAsync("kec-rao");
        var (waiting, current) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await App.WithDbAsync(async db =>
        {
            // kec-rao's node: 3 events received, the oldest unapplied captured 2 minutes ago. dpks's: all applied, 4 s from capture to apply.
            db.FieldNodes.Add(new FieldNode { NodeId = waiting, PointCode = "kec-rao", FirstContactAt = now, LastContactAt = now, ReceivedSeq = 3 });
            db.FieldNodes.Add(new FieldNode
            {
                NodeId = current, PointCode = "dpks", FirstContactAt = now, LastContactAt = now, ReceivedSeq = 5, AppliedSeq = 5,
                LastAppliedAt = now.AddSeconds(-1), LastAppliedOccurredAt = now.AddSeconds(-5),
            });
            for (var seq = 1; seq <= 3; seq++)
                db.FieldEvents.Add(new FieldEvent
                {
                    NodeId = waiting, Seq = seq, Id = Guid.CreateVersion7(), PointId = pointId, Kind = FieldEventKinds.TicketChanged,
                    Payload = JsonSerializer.Serialize(new { }), OccurredAt = now.AddMinutes(-2).AddSeconds(seq), ReceivedAt = now,
                });
            return await db.SaveChangesAsync();
        });
        var metricsPort = FreePort();
        await using var portal = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("urls", $"http://127.0.0.1:{FreePort()}");
            b.UseSetting("Metrics:Url", $"http://127.0.0.1:{metricsPort}");
        });
        portal.UseKestrel();
        portal.StartServer();
        using var http = new HttpClient();

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}{PortalMetrics.Path}");

        Assert.Equal(119, Sample(metrics, "ektp_field_node_lag_seconds", "kec-rao"), precision: 0);
        Assert.Equal(3, Sample(metrics, "ektp_field_node_events_waiting", "kec-rao"));
        Assert.Equal(4, Sample(metrics, "ektp_field_node_lag_seconds", "dpks"), precision: 0);
        Assert.Equal(0, Sample(metrics, "ektp_field_node_events_waiting", "dpks"));
        Assert.Contains($"node=\"{waiting:N}\"", metrics);
    }
}
