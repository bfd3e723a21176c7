using System.Text.Json;
using System.Text.Json.Serialization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>The kinds of fact a field node journals (<c>field_events.kind</c>).</summary>
public static class FieldEventKinds
{
    public const string TicketIssued = nameof(TicketIssued);
    public const string TicketChanged = nameof(TicketChanged);
    public const string OutcomeRecorded = nameof(OutcomeRecorded);
}

/// <summary>A ticket issued at the node: a check-in (series A, with the appointment or a provisional code) or a walk-in.</summary>
public sealed record TicketIssuedEvent(Guid TicketId, Guid PointId, DateOnly ServiceDate, TicketSeries Series, int Number,
    Guid? AppointmentId, string? ProvisionalCode, ServiceType Service, DateTimeOffset IssuedAt, DateTimeOffset OrderAt);

/// <summary>A ticket's state after call next, recall or skip at the node.</summary>
public sealed record TicketChangedEvent(Guid TicketId, TicketStatus Status, DateTimeOffset? CalledAt, int? Counter, Guid? CalledById, int CallCount);

/// <summary>
/// A recording's outcome logged at the node; a walk-in's NIK only as the hash and ciphertext the recording holds, its
/// KK number only as the keyed hash (absent from events of nodes that predate it).
/// </summary>
public sealed record OutcomeRecordedEvent(Guid RecordingId, Guid TicketId, Guid? AppointmentId, Guid? MobileStopId, byte[] NikHash,
    byte[] NikCipher, string? VillageCode, ServiceType Service, RecordingOutcome Outcome, NotRecordedReason? Reason, string? Note,
    DateTimeOffset RecordedAt, Guid RecordedById, byte[]? KkHash = null);

/// <summary>
/// At a field node, writes each local change's event in the change's own transaction (so a node that loses power
/// mid-write keeps both or neither). The sequence number comes from the one <c>field_node_state</c> row, whose lock
/// is held to commit: numbers have no gaps and commit in order. At the hub it writes nothing.
/// </summary>
public sealed class FieldJournal(EKtpDbContext db, IOptions<SiteOptions> site, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public bool IsNode => site.Value.IsNode;

    public Task TicketIssuedAsync(QueueTicket t, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.TicketIssued, t.ServicePointId, new TicketIssuedEvent(t.Id, t.ServicePointId, t.ServiceDate,
            t.Series, t.Number, t.AppointmentId, t.ProvisionalCode, t.Service, t.IssuedAt, t.OrderAt), ct);

    /// <summary>Journals the ticket's state as it stands in this transaction.</summary>
    public async Task TicketChangedAsync(Guid ticketId, CancellationToken ct)
    {
        if (!IsNode) return;
        var t = await db.QueueTickets.AsNoTracking().SingleAsync(x => x.Id == ticketId, ct);
        await AppendAsync(FieldEventKinds.TicketChanged, t.ServicePointId,
            new TicketChangedEvent(t.Id, t.Status, t.CalledAt, t.Counter, t.CalledById, t.CallCount), ct);
    }

    public Task OutcomeRecordedAsync(Recording r, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.OutcomeRecorded, r.ServicePointId, new OutcomeRecordedEvent(r.Id, r.QueueTicketId!.Value,
            r.AppointmentId, r.MobileStopId, r.NikHash, r.NikCipher, r.VillageCode, r.Service, r.Outcome, r.Reason, r.Note,
            r.RecordedAt, r.RecordedById, r.KkHash), ct);

    private async Task AppendAsync<T>(string kind, Guid pointId, T payload, CancellationToken ct)
    {
        if (!IsNode) return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A field event is written in the transaction of the change it records.");
        var json = JsonSerializer.Serialize(payload, Json);
        var (id, now) = (Guid.CreateVersion7(), clock.GetUtcNow());
        var written = await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH s AS (UPDATE field_node_state SET last_seq = last_seq + 1 RETURNING node_id, last_seq)
            INSERT INTO field_events (node_id, seq, id, point_id, kind, payload, occurred_at)
            SELECT s.node_id, s.last_seq, {id}, {pointId}, {kind}, CAST({json} AS jsonb), {now} FROM s
            """, ct);
        if (written != 1) throw new InvalidOperationException("This field node has no state row; it is made at start-up.");
    }
}
