using EKtp.LinkProxy;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Features.FieldNodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// A hub and a node of <see cref="Point"/> on clusters of a test's own, the node subscribed to the hub's publication
/// directly (no link proxy). The hub applies no node event (its applier is off): a test writes at the hub what the
/// applier would, so that a moment in between is held still. <c>beforeNode</c> runs at the hub once it is migrated,
/// seeded and published, before the node starts (e.g. to leave the publication as an older version made it).
/// With <c>throughLink</c> the node reaches the hub through a <see cref="Link"/> proxy the test cuts, and the hub's
/// applier runs; with <c>nodeOnKestrel</c> the node's portal listens at <see cref="NodeAddress"/> for a browser.
/// </summary>
public sealed class HubAndNode : IAsyncDisposable
{
    public const string Point = "kec-rao";

    private HubAndNode(PgCluster hubDb, PgCluster nodeDb, TestClock clock) => (HubDb, NodeDb, Clock) = (hubDb, nodeDb, clock);

    public TestClock Clock { get; }
    public PgCluster HubDb { get; }
    public PgCluster NodeDb { get; }
    public FieldPortal Hub { get; private set; } = null!;
    public FieldPortal Node { get; private set; } = null!;
    public TcpProxy? Link { get; private set; }
    public string NodeAddress { get; private set; } = "";

    public static async Task<HubAndNode> StartAsync(string name, int hubPort, int nodePort, Func<EKtpDbContext, Task>? beforeNode = null,
        bool throughLink = false, bool nodeOnKestrel = false)
    {
        var clusters = await Task.WhenAll(
            PgCluster.StartNewAsync(name + "-hub", hubPort, "wal_level = logical", "max_wal_senders = 10", "max_replication_slots = 10"),
            PgCluster.StartNewAsync(name + "-node", nodePort, "wal_retrieve_retry_interval = 1s"));
        var pair = new HubAndNode(clusters[0], clusters[1], new TestClock(EKtpAppFactory.DefaultNow));
        var keys = FieldPortal.SharedKeys();
        pair.Hub = new FieldPortal(pair.HubDb.ConnectionString(), pair.Clock, new Dictionary<string, string>(keys) { ["FieldNode:Enabled"] = throughLink ? "true" : "false" });
        using (var scope = pair.Hub.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            await db.Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<HubPublications>().EnsureAsync();
            if (beforeNode is not null) await beforeNode(db);
        }
        var toHub = pair.HubDb.ConnectionString();
        if (throughLink)
        {
            pair.Link = new TcpProxy("127.0.0.1", hubPort);
            pair.Link.Start();
            toHub = new NpgsqlConnectionStringBuilder(toHub) { Port = pair.Link.Port, Timeout = 3, CommandTimeout = 5 }.ConnectionString;
        }
        pair.Node = new FieldPortal(pair.NodeDb.ConnectionString(), pair.Clock, new Dictionary<string, string>(keys)
        {
            ["Site:Role"] = "Node", ["Site:PointCode"] = Point, ["FieldNode:HubConnectionString"] = toHub,
            ["FieldNode:PushIntervalSeconds"] = "1", ["urls"] = "http://127.0.0.1:0",
        });
        if (nodeOnKestrel) pair.Node.UseKestrel();
        using (var scope = pair.Node.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<EKtpDbContext>().Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedRegionsAsync();
        }
        if (nodeOnKestrel) pair.NodeAddress = KestrelAppFactory.AddressOf(pair.Node.Services);
        return pair;
    }

    public Task<T> AtHub<T>(Func<EKtpDbContext, Task<T>> work) => Hub.WithDbAsync(work);

    public Task<T> AtNode<T>(Func<EKtpDbContext, Task<T>> work) => Node.WithDbAsync(work);

    public async ValueTask DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        if (Hub is not null) await Hub.DisposeAsync();
        if (Link is not null) await Link.DisposeAsync();
        // The node's subscription holds a slot at the hub: stop the node first, then the hub.
        await NodeDb.DisposeAsync();
        await HubDb.DisposeAsync();
    }
}
