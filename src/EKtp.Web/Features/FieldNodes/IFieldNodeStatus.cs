namespace EKtp.Web.Features.FieldNodes;

// The sync engine's status service, verbatim as docs/field-node-design.md section 4 names it, so the pages around the
// engine build before it is merged. The engine's own declaration (FieldNodeStatus.cs) replaces this file.

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

public sealed record NodeLinkStatus(string PointCode, bool Connected, DateTimeOffset? DisconnectedSince,
    int EventsWaiting, DateTimeOffset? OldestWaitingAt, DateTimeOffset? LastSyncAt, bool BacklogWarning, string? LastError);

public sealed record HubNodeStatus(Guid NodeId, string PointCode, DateTimeOffset? LastContactAt, TimeSpan? Lag,
    long EventsWaiting, int OpenReviewItems, string? LastError, DateTimeOffset? LastErrorAt, string? SlotWalStatus);

public sealed record FieldReviewItemView(Guid Id, Guid NodeId, string PointCode, long EventSeq, string Kind,
    string SubjectType, string SubjectId, string NodeSide, string HubSide, DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt, string? ResolutionNote);
