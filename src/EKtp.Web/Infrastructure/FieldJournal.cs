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
    public const string CardCollected = nameof(CardCollected);
    public const string BlankStockRecorded = nameof(BlankStockRecorded);
    public const string DisruptionDeclared = nameof(DisruptionDeclared);
    public const string DisruptionEnded = nameof(DisruptionEnded);
    public const string AuditRecorded = nameof(AuditRecorded);
    public const string IkdActivationRecorded = nameof(IkdActivationRecorded);
}

/// <summary>
/// A ticket issued at the node: a check-in (series A, with the appointment or a provisional code) or a walk-in, with
/// the walk-in's status code and its phone (encrypted as the recording's NIK is: no plain personal data in the journal).
/// The last two are absent in events of a node older than them.
/// </summary>
public sealed record TicketIssuedEvent(Guid TicketId, Guid PointId, DateOnly ServiceDate, TicketSeries Series, int Number,
    Guid? AppointmentId, string? ProvisionalCode, ServiceType Service, DateTimeOffset IssuedAt, DateTimeOffset OrderAt,
    string? StatusCode = null, byte[]? PhoneCipher = null);

/// <summary>A ticket's state after call next, recall or skip at the node.</summary>
public sealed record TicketChangedEvent(Guid TicketId, TicketStatus Status, DateTimeOffset? CalledAt, int? Counter, Guid? CalledById, int CallCount);

/// <summary>
/// A recording's outcome logged at the node; a walk-in's NIK only as the hash and ciphertext the recording holds, its
/// KK number only as the keyed hash (absent from events of nodes that predate it).
/// </summary>
public sealed record OutcomeRecordedEvent(Guid RecordingId, Guid TicketId, Guid? AppointmentId, Guid? MobileStopId, byte[] NikHash,
    byte[] NikCipher, string? VillageCode, ServiceType Service, RecordingOutcome Outcome, NotRecordedReason? Reason, string? Note,
    DateTimeOffset RecordedAt, Guid RecordedById, RecordingCategory Category = RecordingCategory.General, bool IrisSkipped = false,
    string? CompanionName = null, string? HomeRegency = null, byte[]? KkHash = null);

/// <summary>
/// An IKD activation's outcome logged at the node (decision 1216), as its <c>ikd_activations</c> row: no NIK, the note
/// cleaned of NIKs as the column keeps it.
/// </summary>
public sealed record IkdActivationRecordedEvent(Guid ActivationId, Guid TicketId, Guid? AppointmentId, string? VillageCode, IkdOutcome Outcome,
    IkdFailureReason? Reason, string? Note, DateTimeOffset At, Guid ById);

/// <summary>A card handed over at the node's counter (AtCollectionPoint → Collected); <c>ChangeId</c> is the history row's id.</summary>
public sealed record CardCollectedEvent(Guid CardId, Guid ChangeId, CardStatus NodeStatusBefore, DateTimeOffset At, Guid ById, string? Note);

/// <summary>Card blanks received or spoiled at the node's point, as its ledger entry.</summary>
public sealed record BlankStockRecordedEvent(Guid EntryId, BlankStockKind Kind, int Quantity, string? Note, DateTimeOffset At, Guid ById);

/// <summary>A disruption of the node's point declared there.</summary>
public sealed record DisruptionDeclaredEvent(Guid DisruptionId, DisruptionKind Kind, DateTimeOffset StartsAt, DateTimeOffset? ExpectedEndAt,
    string PublicNote, Guid DeclaredById);

/// <summary>A disruption of the node's point ended (or withdrawn) there.</summary>
public sealed record DisruptionEndedEvent(Guid DisruptionId, DateTimeOffset EndedAt, Guid EndedById);

/// <summary>An audit entry made at the node (sign-ins, views of personal data, the changes above), with its id.</summary>
public sealed record AuditRecordedEvent(Guid EntryId, DateTimeOffset At, Guid? UserId, string? UserName, string? Role, Guid? ServicePointId,
    string Action, string? SubjectType, string? SubjectId, byte[]? SubjectNikHash, string? Reason, string? ClientAddress);

/// <summary>
/// At a field node, writes each local change's event in the change's own transaction (so a node that loses power
/// mid-write keeps both or neither). The sequence number comes from the one <c>field_node_state</c> row, whose lock
/// is held to commit: numbers have no gaps and commit in order. At the hub it writes nothing.
/// </summary>
public sealed class FieldJournal(EKtpDbContext db, IOptions<SiteOptions> site, TimeProvider clock, PersonalDataProtector protector)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public bool IsNode => site.Value.IsNode;

    public Task TicketIssuedAsync(QueueTicket t, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.TicketIssued, t.ServicePointId, new TicketIssuedEvent(t.Id, t.ServicePointId, t.ServiceDate,
            t.Series, t.Number, t.AppointmentId, t.ProvisionalCode, t.Service, t.IssuedAt, t.OrderAt, t.StatusCode,
            t.Phone is { } phone ? protector.Encrypt(phone) : null), ct);

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
            r.RecordedAt, r.RecordedById, r.Category, r.IrisSkipped, r.CompanionName, r.HomeRegency, r.KkHash), ct);

    public Task IkdActivationRecordedAsync(IkdActivation a, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.IkdActivationRecorded, a.ServicePointId, new IkdActivationRecordedEvent(a.Id, a.QueueTicketId,
            a.AppointmentId, a.VillageCode, a.Outcome, a.Reason, a.Note is null ? null : FreeText.Clean(a.Note, 500), a.At, a.ById), ct);

    public Task CardCollectedAsync(CardStatusChange change, Guid pointId, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.CardCollected, pointId,
            new CardCollectedEvent(change.CardId, change.Id, change.From ?? CardStatus.AtCollectionPoint, change.At, change.ById, change.Note), ct);

    public Task BlankStockRecordedAsync(BlankStockEntry e, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.BlankStockRecorded, e.ServicePointId, new BlankStockRecordedEvent(e.Id, e.Kind, e.Quantity, e.Note, e.At, e.ById), ct);

    public Task DisruptionDeclaredAsync(Disruption d, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.DisruptionDeclared, d.ServicePointId,
            new DisruptionDeclaredEvent(d.Id, d.Kind, d.StartsAt, d.ExpectedEndAt, d.PublicNote, d.DeclaredById), ct);

    public Task DisruptionEndedAsync(Disruption d, CancellationToken ct) =>
        AppendAsync(FieldEventKinds.DisruptionEnded, d.ServicePointId, new DisruptionEndedEvent(d.Id, d.EndedAt!.Value, d.EndedById!.Value), ct);

    /// <summary>An audit entry's event: under the node's point (an entry of no point, e.g. a failed sign-in, is still the node's).</summary>
    public Task AuditRecordedAsync(AuditEntry a, CancellationToken ct) =>
        IsNode ? AuditAsync(a, ct) : Task.CompletedTask;

    private async Task AuditAsync(AuditEntry a, CancellationToken ct)
    {
        var pointId = a.ServicePointId ?? await PointIdAsync(ct);
        await AppendAsync(FieldEventKinds.AuditRecorded, pointId, new AuditRecordedEvent(a.Id, a.At, a.UserId, a.UserName, a.Role,
            a.ServicePointId, a.Action, a.SubjectType, a.SubjectId, a.SubjectNikHash, a.Reason, a.ClientAddress), ct);
    }

    private async Task<Guid> PointIdAsync(CancellationToken ct) =>
        await db.ServicePoints.Where(p => p.Code == site.Value.PointCode).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct) ?? Guid.Empty;

    /// <summary>
    /// Makes the node's one state row (and so its id) if it is not there yet. Serialised by an advisory lock held to
    /// the end of the transaction, so two first writers cannot make two rows.
    /// </summary>
    public static async Task EnsureStateAsync(EKtpDbContext db, string pointCode, DateTimeOffset now, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext('field_node_state'))", ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO field_node_state (node_id, point_code, last_seq, pushed_seq, applied_seq, created_at)
            SELECT {Guid.CreateVersion7()}, {pointCode}, 0, 0, 0, {now}
            WHERE NOT EXISTS (SELECT 1 FROM field_node_state)
            """, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    private async Task AppendAsync<T>(string kind, Guid pointId, T payload, CancellationToken ct)
    {
        if (!IsNode) return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A field event is written in the transaction of the change it records.");
        var json = JsonSerializer.Serialize(payload, Json);
        var (id, now) = (Guid.CreateVersion7(), clock.GetUtcNow());
        Task<int> Write() => db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH s AS (UPDATE field_node_state SET last_seq = last_seq + 1 RETURNING node_id, last_seq)
            INSERT INTO field_events (node_id, seq, id, point_id, kind, payload, occurred_at)
            SELECT s.node_id, s.last_seq, {id}, {pointId}, {kind}, CAST({json} AS jsonb), {now} FROM s
            """, ct);
        var written = await Write();
        if (written == 0)
        {
            // The node's first change ever (its sync loop, which also makes the row, may not have run yet).
            await EnsureStateAsync(db, site.Value.PointCode!, now, ct);
            written = await Write();
        }
        if (written != 1) throw new InvalidOperationException($"This field node has {written} state rows; it must have one.");
    }
}
