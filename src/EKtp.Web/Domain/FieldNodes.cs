namespace EKtp.Web.Domain;

/// <summary>
/// A fact captured at a field node, numbered there without gaps (<see cref="Seq"/>) and identified there
/// (<see cref="Id"/>). At a node the table is its journal; at the hub it holds every node's events, each applied once
/// (<see cref="AppliedAt"/>). The primary key (<see cref="NodeId"/>, <see cref="Seq"/>) makes a re-sent event a no-op.
/// </summary>
public class FieldEvent
{
    public Guid NodeId { get; set; }
    public long Seq { get; set; }
    public Guid Id { get; set; }
    public Guid PointId { get; set; }
    public required string Kind { get; set; }
    /// <summary>JSON: ids, statuses and times of the change (see Infrastructure/FieldJournal.cs).</summary>
    public required string Payload { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>At the hub: when the push brought it.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }
    /// <summary>At the hub: when it was turned into the hub's own rows.</summary>
    public DateTimeOffset? AppliedAt { get; set; }
}

/// <summary>A node's own state, one row: its id, the journal's counter and how far the hub has the journal.</summary>
public class FieldNodeState
{
    public Guid NodeId { get; set; }
    public required string PointCode { get; set; }
    /// <summary>The last sequence number taken; taken under this row's lock, so commits come in sequence order.</summary>
    public long LastSeq { get; set; }
    /// <summary>The hub has every event up to here.</summary>
    public long PushedSeq { get; set; }
    /// <summary>The hub has applied every event up to here.</summary>
    public long AppliedSeq { get; set; }
    public DateTimeOffset? LastPushAt { get; set; }
    public string? LastPushError { get; set; }
    /// <summary>The first failed push after the last good one; null while connected.</summary>
    public DateTimeOffset? DisconnectedSince { get; set; }
    public DateTimeOffset? SubscriptionCreatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>At the hub: one field node as the hub knows it, made at its first push.</summary>
public class FieldNode
{
    public Guid NodeId { get; set; }
    public required string PointCode { get; set; }
    public DateTimeOffset FirstContactAt { get; set; }
    public DateTimeOffset LastContactAt { get; set; }
    public long ReceivedSeq { get; set; }
    public long AppliedSeq { get; set; }
    public DateTimeOffset? LastAppliedOccurredAt { get; set; }
    public DateTimeOffset? LastAppliedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
}

/// <summary>The kinds of conflict a node's event can meet at the hub. Stored by name.</summary>
public enum FieldReviewKind { AppointmentNotActive, UnknownBookingCode, CardNotCollectable, TicketNotApplied, BlankStockShort, IkdOutcomeConflict, UnknownEventKind }

/// <summary>
/// At the hub: a node's fact that met a hub state it could not be applied to, with both sides, for a person to
/// decide. The fact itself is kept (a ticket, a recording); nothing is overwritten and the stream moves on.
/// </summary>
public class FieldReviewItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid NodeId { get; set; }
    public Guid EventId { get; set; }
    public long EventSeq { get; set; }
    public FieldReviewKind Kind { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    /// <summary>What the node did (statuses, times, codes; never a NIK or a name).</summary>
    public required string NodeSide { get; set; }
    /// <summary>What the hub had at the time.</summary>
    public required string HubSide { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public Guid? ResolvedById { get; set; }
    public string? ResolutionNote { get; set; }
}
