using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>What the staff banner (at a node) and /admin/field-nodes (at the hub) read (docs/field-node-design.md, section 4).</summary>
public interface IFieldNodeStatus
{
    /// <summary>At a node: its link and backlog. At a hub: null.</summary>
    Task<NodeLinkStatus?> ReadNodeAsync(CancellationToken ct = default);

    /// <summary>At a hub: one row per node that ever pushed. At a node: empty.</summary>
    Task<IReadOnlyList<HubNodeStatus>> ReadHubAsync(CancellationToken ct = default);

    /// <summary>At a hub: review items, newest first (openOnly: not resolved).</summary>
    Task<IReadOnlyList<FieldReviewItemView>> ReadReviewItemsAsync(Guid? nodeId, bool openOnly, CancellationToken ct = default);

    /// <summary>At a hub: marks an item resolved with the reviewer and a note; false if unknown or already resolved.</summary>
    Task<bool> ResolveReviewItemAsync(Guid id, Guid byId, string note, CancellationToken ct = default);
}

public sealed record NodeLinkStatus(string PointCode, bool Connected, DateTimeOffset? DisconnectedSince, int EventsWaiting,
    DateTimeOffset? OldestWaitingAt, DateTimeOffset? LastSyncAt, bool BacklogWarning, string? LastError);

public sealed record HubNodeStatus(Guid NodeId, string PointCode, DateTimeOffset? LastContactAt, TimeSpan? Lag, long EventsWaiting,
    int OpenReviewItems, string? LastError, DateTimeOffset? LastErrorAt, string? SlotWalStatus);

public sealed record FieldReviewItemView(Guid Id, Guid NodeId, string PointCode, long EventSeq, string Kind, string SubjectType,
    string SubjectId, string NodeSide, string HubSide, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? ResolutionNote);

public sealed class FieldNodeStatus(EKtpDbContext db, IOptions<SiteOptions> site, IOptions<FieldNodeOptions> options, TimeProvider clock)
    : IFieldNodeStatus
{
    public async Task<NodeLinkStatus?> ReadNodeAsync(CancellationToken ct = default)
    {
        if (!site.Value.IsNode) return null;
        var s = await db.FieldNodeStates.AsNoTracking().SingleOrDefaultAsync(ct);
        if (s is null) return new NodeLinkStatus(site.Value.PointCode ?? "", false, null, 0, null, null, false, null);
        var waiting = (int)(s.LastSeq - s.AppliedSeq);
        var oldest = waiting == 0 ? null : await db.FieldEvents.AsNoTracking().Where(e => e.NodeId == s.NodeId && e.Seq > s.AppliedSeq)
            .OrderBy(e => e.Seq).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        var o = options.Value;
        var connected = s.LastPushAt is { } at && now - at <= TimeSpan.FromSeconds(o.ConnectedWithinSeconds) && s.DisconnectedSince is null;
        var warn = waiting > o.BacklogWarnEvents || (oldest is { } first && now - first > TimeSpan.FromMinutes(o.BacklogWarnAgeMinutes));
        return new NodeLinkStatus(s.PointCode, connected, connected ? null : s.DisconnectedSince ?? s.LastPushAt ?? s.CreatedAt,
            waiting, oldest, s.LastPushAt, warn, s.LastPushError);
    }

    public async Task<IReadOnlyList<HubNodeStatus>> ReadHubAsync(CancellationToken ct = default)
    {
        if (site.Value.IsNode) return [];
        var nodes = await db.FieldNodes.AsNoTracking().OrderBy(n => n.PointCode).ToListAsync(ct);
        var open = await db.FieldReviewItems.AsNoTracking().Where(i => i.ResolvedAt == null).GroupBy(i => i.NodeId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var slots = (await db.Database.SqlQuery<SlotRow>($"""
            SELECT slot_name AS name, coalesce(wal_status, 'unknown') AS wal_status FROM pg_catalog.pg_replication_slots
            """).ToListAsync(ct)).ToDictionary(r => r.Name, r => r.WalStatus);
        return nodes.Select(n => new HubNodeStatus(n.NodeId, n.PointCode, n.LastContactAt,
            n.LastAppliedAt - n.LastAppliedOccurredAt, n.ReceivedSeq - n.AppliedSeq, open.GetValueOrDefault(n.NodeId),
            n.LastError, n.LastErrorAt, slots.GetValueOrDefault(FieldReplication.SlotName(n.NodeId)))).ToList();
    }

    public async Task<IReadOnlyList<FieldReviewItemView>> ReadReviewItemsAsync(Guid? nodeId, bool openOnly, CancellationToken ct = default)
    {
        var items = db.FieldReviewItems.AsNoTracking();
        if (nodeId is { } id) items = items.Where(i => i.NodeId == id);
        if (openOnly) items = items.Where(i => i.ResolvedAt == null);
        return await items.OrderByDescending(i => i.CreatedAt)
            .Join(db.FieldNodes, i => i.NodeId, n => n.NodeId, (i, n) => new FieldReviewItemView(i.Id, i.NodeId, n.PointCode, i.EventSeq,
                i.Kind.ToString(), i.SubjectType, i.SubjectId, i.NodeSide, i.HubSide, i.CreatedAt, i.ResolvedAt, i.ResolutionNote))
            .Take(500).ToListAsync(ct);
    }

    public async Task<bool> ResolveReviewItemAsync(Guid id, Guid byId, string note, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.FieldReviewItems.Where(i => i.Id == id && i.ResolvedAt == null).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.ResolvedAt, now).SetProperty(i => i.ResolvedById, byId).SetProperty(i => i.ResolutionNote, note), ct) == 1;
    }

    private sealed record SlotRow(string Name, string WalStatus);
}
