using System.Text.Json;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Cards;
using EKtp.Web.Features.Disruptions;
using EKtp.Web.Features.Queue;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// At the hub: turns each node's received events into the hub's own rows, in sequence order, one event per
/// transaction (with the node's cursor, <c>field_nodes.applied_seq</c>). Every row an event makes carries the node's
/// id and is inserted only if absent, so an event can never be applied twice. A domain conflict never fails the
/// apply: the fact is kept and a review item records both sides, and the stream moves on. An unexpected error is
/// written to the node's row and the event is tried again next round.
/// </summary>
public sealed class FieldEventApplier(EKtpDbContext db, TimeProvider clock, IOptions<TenantOptions> tenant, IOptions<SiteOptions> site,
    PersonalDataProtector protector, ILogger<FieldEventApplier> logger)
{
    public const int EventsPerRound = 1000;

    /// <summary>Applies what has been received, up to <see cref="EventsPerRound"/> per node; returns how many were applied.</summary>
    public async Task<int> ApplyAsync(CancellationToken ct = default)
    {
        var waiting = await db.FieldNodes.AsNoTracking().Where(n => n.ReceivedSeq > n.AppliedSeq).Select(n => n.NodeId).ToListAsync(ct);
        var applied = 0;
        foreach (var nodeId in waiting)
            for (var i = 0; i < EventsPerRound && await ApplyNextAsync(nodeId, ct); i++) applied++;
        return applied;
    }

    private async Task<bool> ApplyNextAsync(Guid nodeId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The row lock makes one applier per node at a time, whatever the number of hub instances.
            var node = await db.FieldNodes.FromSql($"SELECT * FROM field_nodes WHERE node_id = {nodeId} FOR UPDATE").SingleAsync(ct);
            var e = await db.FieldEvents.SingleOrDefaultAsync(x => x.NodeId == nodeId && x.Seq == node.AppliedSeq + 1, ct);
            if (e is null) return false;
            var now = clock.GetUtcNow();
            if (await ApplyAsync(e, ct)) e.AppliedAt = now;
            else Park(e);
            await DropReviewsAlreadyRaisedAsync(ct);
            (node.AppliedSeq, node.LastAppliedOccurredAt, node.LastAppliedAt, node.LastError, node.LastErrorAt) = (e.Seq, e.OccurredAt, now, null, null);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A field event of node {NodeId} could not be applied; it is tried again", nodeId);
            db.ChangeTracker.Clear();
            var message = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
            var now = clock.GetUtcNow();
            await db.FieldNodes.Where(n => n.NodeId == nodeId)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.LastError, message).SetProperty(n => n.LastErrorAt, now), ct);
            return false;
        }
    }

    /// <summary>
    /// Events this version knows and an older one parked (<see cref="Park"/>): applied now, after the stream that went on
    /// past them, each in a transaction of its own under the node's row lock, and their review item resolved. The hub
    /// runs it at start and every minute (decision 1221).
    /// </summary>
    public async Task<int> ApplyParkedAsync(CancellationToken ct = default)
    {
        var parked = await db.FieldReviewItems.AsNoTracking().Where(i => i.Kind == FieldReviewKind.UnknownEventKind && i.ResolvedAt == null)
            .OrderBy(i => i.NodeId).ThenBy(i => i.EventSeq).Select(i => new { i.Id, i.NodeId, i.EventSeq }).ToListAsync(ct);
        var applied = 0;
        foreach (var p in parked)
        {
            db.ChangeTracker.Clear();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.FieldNodes.FromSql($"SELECT * FROM field_nodes WHERE node_id = {p.NodeId} FOR UPDATE").SingleAsync(ct);
                var e = await db.FieldEvents.SingleAsync(x => x.NodeId == p.NodeId && x.Seq == p.EventSeq, ct);
                if (e.AppliedAt is not null || !await ApplyAsync(e, ct)) continue; // still unknown here: it waits (rolled back)
                await DropReviewsAlreadyRaisedAsync(ct);
                var now = clock.GetUtcNow();
                e.AppliedAt = now;
                await db.SaveChangesAsync(ct);
                await db.FieldReviewItems.Where(i => i.Id == p.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.ResolvedAt, now)
                    .SetProperty(i => i.ResolutionNote, ParkedAppliedNote), ct);
                await tx.CommitAsync(ct);
                applied++;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "A parked field event of node {NodeId} could not be applied; it is tried again", p.NodeId);
            }
        }
        if (applied > 0) logger.LogInformation("{Count} parked field events applied", applied);
        return applied;
    }

    /// <summary>The note a parked event's review item is resolved with once it is applied.</summary>
    public const string ParkedAppliedNote = "Diterapkan otomatis setelah server dinas dimutakhirkan";

    /// <summary>
    /// An event of a kind this hub does not know (a node newer than the hub): kept as it is, unapplied, with a review item,
    /// and the stream goes on past it; <see cref="ApplyParkedAsync"/> applies it once the hub is upgraded (decision 1221).
    /// </summary>
    private void Park(FieldEvent e)
    {
        logger.LogWarning("A field event of node {NodeId} has kind {Kind}, unknown to this hub: parked, the stream goes on", e.NodeId, e.Kind);
        Review(e, FieldReviewKind.UnknownEventKind, "event", e.Id.ToString(), ReviewSides.Of(ReviewSides.UnknownEvent, e.Kind, e.Seq, e.OccurredAt),
            ReviewSides.Of(ReviewSides.UnknownEventHub));
    }

    /// <summary>Applies a known event; false (nothing done) for a kind this version does not know.</summary>
    private async Task<bool> ApplyAsync(FieldEvent e, CancellationToken ct)
    {
        if (Handler(e, ct) is not { } work) return false;
        await work;
        return true;
    }

    private Task? Handler(FieldEvent e, CancellationToken ct) => e.Kind switch
    {
        FieldEventKinds.TicketIssued => TicketIssuedAsync(e, Read<TicketIssuedEvent>(e), ct),
        FieldEventKinds.TicketChanged => TicketChangedAsync(Read<TicketChangedEvent>(e), ct),
        FieldEventKinds.OutcomeRecorded => OutcomeRecordedAsync(e, Read<OutcomeRecordedEvent>(e), ct),
        FieldEventKinds.CardCollected => CardCollectedAsync(e, Read<CardCollectedEvent>(e), ct),
        FieldEventKinds.BlankStockRecorded => BlankStockRecordedAsync(e, Read<BlankStockRecordedEvent>(e), ct),
        FieldEventKinds.DisruptionDeclared => DisruptionDeclaredAsync(e, Read<DisruptionDeclaredEvent>(e), ct),
        FieldEventKinds.DisruptionEnded => DisruptionEndedAsync(Read<DisruptionEndedEvent>(e), ct),
        FieldEventKinds.AuditRecorded => AuditRecordedAsync(Read<AuditRecordedEvent>(e), ct),
        FieldEventKinds.IkdActivationRecorded => IkdActivationRecordedAsync(e, Read<IkdActivationRecordedEvent>(e), ct),
        _ => null,
    };

    private static T Read<T>(FieldEvent e) => JsonSerializer.Deserialize<T>(e.Payload, FieldJournal.Json)
        ?? throw new InvalidOperationException($"Field event {e.Id} has an empty payload.");

    private async Task TicketIssuedAsync(FieldEvent e, TicketIssuedEvent t, CancellationToken ct)
    {
        // Applied already (a restored cursor): the ticket and its check-in were one transaction. Checking in again would
        // meet the appointment the node's later events completed and raise a false AppointmentNotActive.
        if (await db.QueueTickets.AnyAsync(x => x.Id == t.TicketId, ct)) return;
        var appointmentId = t.AppointmentId;
        if (t.ProvisionalCode is { } code)
            appointmentId = await VerifyProvisionalAsync(e, t, code, ct);
        else if (appointmentId is { } id && !await db.CheckInAsync(id, ct))
        {
            var status = await db.Appointments.Where(a => a.Id == id).Select(a => (AppointmentStatus?)a.Status).SingleOrDefaultAsync(ct);
            if (status != AppointmentStatus.CheckedIn || await db.QueueTickets.AnyAsync(x => x.AppointmentId == id && x.Id != t.TicketId, ct))
            {
                Review(e, FieldReviewKind.AppointmentNotActive, "appointment", id.ToString(),
                    ReviewSides.Of(ReviewSides.CheckIn, t.IssuedAt, QueueOrder.Label(t.Series, t.Number)), HubStatus(status));
                appointmentId = null;
            }
        }
        // The node's id decides: a ticket already here (or a number the hub itself gave) is not inserted twice.
        var phone = t.PhoneCipher is { Length: > 0 } cipher ? protector.Decrypt(cipher) : null;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO queue_tickets (id, regency_code, service_point_id, service_date, series, number, appointment_id, service,
                status, issued_at, order_at, call_count, provisional_code, status_code, phone)
            VALUES ({t.TicketId}, {tenant.Value.RegencyCode}, {t.PointId}, {t.ServiceDate}, {t.Series.ToString()}, {t.Number},
                {appointmentId}, {t.Service.ToString()}, {nameof(TicketStatus.Waiting)}, {t.IssuedAt}, {t.OrderAt}, 0, {t.ProvisionalCode},
                {t.StatusCode}, {phone})
            ON CONFLICT DO NOTHING
            """, ct);
        if (inserted == 0 && !await db.QueueTickets.AnyAsync(x => x.Id == t.TicketId, ct))
            Review(e, FieldReviewKind.TicketNotApplied, "ticket", t.TicketId.ToString(),
                ReviewSides.Of(ReviewSides.Ticket, QueueOrder.Label(t.Series, t.Number), t.ServiceDate), ReviewSides.Of(ReviewSides.TicketTaken));
    }

    /// <summary>A slip the node did not know: linked and checked in here when it is a booking of that point and day.</summary>
    private async Task<Guid?> VerifyProvisionalAsync(FieldEvent e, TicketIssuedEvent t, string code, CancellationToken ct)
    {
        var a = await db.Appointments.AsNoTracking().Where(x => x.Code == code)
            .Select(x => new { x.Id, x.ServicePointId, x.Slot!.Date, x.Status }).SingleOrDefaultAsync(ct);
        var free = a is not null && !await db.QueueTickets.AnyAsync(x => x.AppointmentId == a.Id, ct);
        if (a is not null && free && a.ServicePointId == t.PointId && a.Date == t.ServiceDate && await db.CheckInAsync(a.Id, ct))
            return a.Id;
        Review(e, FieldReviewKind.UnknownBookingCode, "ticket", t.TicketId.ToString(), ReviewSides.Of(ReviewSides.Provisional, code, t.IssuedAt),
            a is null ? ReviewSides.Of(ReviewSides.NoSuchCode)
            : ReviewSides.Of(a.ServicePointId == t.PointId ? ReviewSides.CodeOnDate : ReviewSides.CodeOnDateElsewhere,
                ReviewSides.W(AppointmentWords.KeyOf(a.Status)), a.Date));
        return null;
    }

    private async Task TicketChangedAsync(TicketChangedEvent t, CancellationToken ct) =>
        // Tickets of a node's point are written by the node alone, in order: its latest state is the state.
        await db.QueueTickets.Where(x => x.Id == t.TicketId && x.Status != TicketStatus.Served).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Status, t.Status).SetProperty(x => x.CalledAt, t.CalledAt).SetProperty(x => x.Counter, t.Counter)
            .SetProperty(x => x.CalledById, t.CalledById).SetProperty(x => x.CallCount, t.CallCount), ct);

    private async Task OutcomeRecordedAsync(FieldEvent e, OutcomeRecordedEvent r, CancellationToken ct)
    {
        if (await db.Recordings.AnyAsync(x => x.Id == r.RecordingId, ct)) return;
        // The appointment the hub linked to the ticket: null when the check-in met a conflict (already a review item).
        var linked = await db.QueueTickets.Where(x => x.Id == r.TicketId).Select(x => x.AppointmentId).SingleOrDefaultAsync(ct);
        var appointmentId = r.AppointmentId ?? linked;
        var recording = new Recording
        {
            Id = r.RecordingId, ServicePointId = e.PointId, QueueTicketId = r.TicketId, AppointmentId = appointmentId,
            MobileStopId = r.MobileStopId, NikHash = r.NikHash, NikCipher = r.NikCipher, KkHash = r.KkHash, VillageCode = r.VillageCode,
            Service = r.Service, Outcome = r.Outcome, Reason = r.Reason, Note = r.Note, RecordedAt = r.RecordedAt, RecordedById = r.RecordedById,
            Category = r.Category, IrisSkipped = r.IrisSkipped, CompanionName = r.CompanionName, HomeRegency = r.HomeRegency,
        };
        if (appointmentId is { } id && r.NikHash.Length == 0)
            (recording.NikHash, recording.NikCipher, recording.VillageCode) = await db.Appointments.Where(a => a.Id == id)
                .Select(a => ValueTuple.Create(a.NikHash, a.NikCipher, (string?)a.VillageCode)).SingleAsync(ct);
        db.Recordings.Add(recording);
        await db.QueueTickets.Where(x => x.Id == r.TicketId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, TicketStatus.Served), ct);
        var recorded = r.Outcome == RecordingOutcome.Recorded;
        if (linked is { } appointment && !await db.RecordOutcomeAsync(appointment, recorded, ct))
        {
            var status = await db.Appointments.Where(a => a.Id == appointment).Select(a => a.Status).SingleAsync(ct);
            Review(e, FieldReviewKind.AppointmentNotActive, "appointment", appointment.ToString(),
                ReviewSides.Of(ReviewSides.Served, r.RecordedAt, ReviewSides.W(ReviewSides.Word(r.Outcome))), HubStatus(status));
        }
        if (recorded && recording.NikHash.Length > 0) await db.PutCardAtRecordedAsync(e.PointId, recording, r.RecordedById, r.RecordedAt, ct);
    }

    /// <summary>
    /// An IKD activation logged at the node (decision 1216): the hub's <c>ikd_activations</c> row with the node's id, the
    /// ticket served and the appointment CheckedIn → Completed / NotRecorded, as <see cref="RecordIkdOutcome"/> does at the
    /// hub. An outcome the hub already has for the ticket or the appointment (another row) stays the hub's, and the node's
    /// is a review item; so is a ticket the hub does not have. An appointment the hub no longer holds as checked in (e.g.
    /// cancelled) keeps its status; the activation happened in the central system all the same, so its row is kept.
    /// </summary>
    private async Task IkdActivationRecordedAsync(FieldEvent e, IkdActivationRecordedEvent k, CancellationToken ct)
    {
        if (await db.IkdActivations.AnyAsync(x => x.Id == k.ActivationId, ct)) return;
        var ticket = await db.QueueTickets.AsNoTracking().Where(x => x.Id == k.TicketId)
            .Select(x => new { x.Series, x.Number, x.AppointmentId }).SingleOrDefaultAsync(ct);
        var appointmentId = k.AppointmentId ?? ticket?.AppointmentId;
        var (subjectType, subjectId) = appointmentId is { } a ? ("appointment", a.ToString()) : ("ticket", k.TicketId.ToString());
        var nodeSide = $"{IkdText(k.Outcome, k.Reason)}, dicatat di node {Local(k.At)}"
            + (ticket is null ? "" : $", nomor {QueueOrder.Label(ticket.Series, ticket.Number)}");
        if (ticket is null)
        {
            Review(e, FieldReviewKind.IkdOutcomeConflict, subjectType, subjectId, nodeSide, "nomor antrean ini tidak ada di server dinas");
            return;
        }
        var hubs = await db.IkdActivations.AsNoTracking()
            .Where(x => x.QueueTicketId == k.TicketId || (appointmentId != null && x.AppointmentId == appointmentId))
            .OrderBy(x => x.At).Select(x => new { x.Outcome, x.Reason, x.At }).FirstOrDefaultAsync(ct);
        if (hubs is not null)
        {
            Review(e, FieldReviewKind.IkdOutcomeConflict, subjectType, subjectId, nodeSide,
                $"sudah tercatat di server dinas: {IkdText(hubs.Outcome, hubs.Reason)}, {Local(hubs.At)}");
            return;
        }
        db.IkdActivations.Add(new IkdActivation
        {
            Id = k.ActivationId, ServicePointId = e.PointId, QueueTicketId = k.TicketId, AppointmentId = appointmentId,
            VillageCode = k.VillageCode, Outcome = k.Outcome, Reason = k.Reason, Note = k.Note, At = k.At, ById = k.ById,
        });
        await db.QueueTickets.Where(x => x.Id == k.TicketId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, TicketStatus.Served), ct);
        // The appointment the hub linked to the ticket moves; one whose check-in met a conflict here (null link) does not.
        var moved = ticket.AppointmentId is { } linked && await db.RecordOutcomeAsync(linked, k.Outcome == IkdOutcome.Activated, ct);
        if (appointmentId is { } id && !moved)
        {
            var status = await db.Appointments.Where(x => x.Id == id).Select(x => (AppointmentStatus?)x.Status).SingleOrDefaultAsync(ct);
            Review(e, FieldReviewKind.IkdOutcomeConflict, subjectType, subjectId, nodeSide,
                $"janji temu {(status is { } s ? AppointmentWords.KeyOf(s) : "tidak ada")} di server dinas; statusnya tidak diubah");
        }
    }

    private static string IkdText(IkdOutcome outcome, IkdFailureReason? reason) => outcome == IkdOutcome.Activated
        ? "IKD diaktifkan"
        : $"aktivasi IKD gagal ({(reason is { } r ? StaffNames.Of(r) : "tanpa alasan")})";

    /// <summary>
    /// A handover at the node's counter: the hub's card moves AtCollectionPoint → Collected with the node's history row.
    /// A card the hub meanwhile moved (collected at the hub, marked <c>DuplicateRecord</c>, sent elsewhere) keeps the
    /// hub's state, and the handover is a review item with both sides.
    /// </summary>
    private async Task CardCollectedAsync(FieldEvent e, CardCollectedEvent c, CancellationToken ct)
    {
        if (await db.CardStatusChanges.AnyAsync(x => x.Id == c.ChangeId, ct)) return;
        var card = await db.Cards.SingleOrDefaultAsync(x => x.Id == c.CardId, ct);
        if (card is null || card.Status != CardStatus.AtCollectionPoint || card.CollectionPointId != e.PointId)
        {
            var collectedAt = card?.Status == CardStatus.Collected
                ? await db.CardStatusChanges.Where(x => x.CardId == c.CardId && x.To == CardStatus.Collected).OrderByDescending(x => x.At)
                    .Select(x => (DateTimeOffset?)x.At).FirstOrDefaultAsync(ct)
                : null;
            var here = card?.CollectionPointId == e.PointId;
            var word = card is null ? "" : ReviewSides.W(CardTransitions.Name(card.Status));
            Review(e, FieldReviewKind.CardNotCollectable, "card", c.CardId.ToString(), ReviewSides.Of(ReviewSides.HandedOver, c.At),
                card is null ? ReviewSides.Of(ReviewSides.NoSuchCard)
                : collectedAt is { } at ? ReviewSides.Of(here ? ReviewSides.CardStatusSince : ReviewSides.CardSinceElsewhere, word, at)
                : ReviewSides.Of(here ? ReviewSides.CardStatus : ReviewSides.CardElsewhere, word));
            return;
        }
        card.Status = CardStatus.Collected;
        card.UpdatedAt = c.At;
        db.CardStatusChanges.Add(new CardStatusChange
        {
            Id = c.ChangeId, CardId = c.CardId, From = CardStatus.AtCollectionPoint, To = CardStatus.Collected, At = c.At, ById = c.ById,
            ServicePointId = e.PointId, Note = c.Note,
        });
    }

    /// <summary>Blanks received or spoiled at the node's point: the entry with the node's id, the balance by the hub's rule.</summary>
    private async Task BlankStockRecordedAsync(FieldEvent e, BlankStockRecordedEvent s, CancellationToken ct)
    {
        if (await db.BlankStock.AnyAsync(x => x.Id == s.EntryId, ct)) return;
        if (s.Kind == BlankStockKind.Received) await BlankStock.AddAsync(db, e.PointId, s.Quantity, ct);
        else if (!await BlankStock.TakeAsync(db, e.PointId, s.Quantity, ct))
            // The blanks were spoiled at the counter all the same: the entry is kept, the balance is not taken below zero.
            Review(e, FieldReviewKind.BlankStockShort, "blank-stock", s.EntryId.ToString(),
                ReviewSides.Of(ReviewSides.Stock, s.Quantity, ReviewSides.W(ReviewSides.Word(s.Kind)), s.At),
                ReviewSides.Of(ReviewSides.Balance, await BlankStock.BalanceAsync(db, e.PointId, ct)));
        db.BlankStock.Add(new BlankStockEntry
        {
            Id = s.EntryId, ServicePointId = e.PointId, Kind = s.Kind, Quantity = s.Quantity, Note = s.Note, At = s.At, ById = s.ById,
        });
    }

    /// <summary>A disruption declared at the node: the hub marks the appointments it covers and sends their messages.</summary>
    private async Task DisruptionDeclaredAsync(FieldEvent e, DisruptionDeclaredEvent d, CancellationToken ct)
    {
        if (await db.Disruptions.AnyAsync(x => x.Id == d.DisruptionId, ct)) return;
        var disruption = new Disruption
        {
            Id = d.DisruptionId, ServicePointId = e.PointId, Kind = d.Kind, StartsAt = d.StartsAt, ExpectedEndAt = d.ExpectedEndAt,
            PublicNote = d.PublicNote, DeclaredById = d.DeclaredById,
        };
        db.Disruptions.Add(disruption);
        await db.SaveChangesAsync(ct);
        await DeclareDisruption.MarkAffectedAsync(db, clock, disruption, site.Value, ct);
    }

    private async Task DisruptionEndedAsync(DisruptionEndedEvent d, CancellationToken ct) =>
        await db.Disruptions.Where(x => x.Id == d.DisruptionId && x.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.EndedAt, d.EndedAt).SetProperty(x => x.EndedById, d.EndedById), ct);

    /// <summary>The node's audit entry, with its id, in the hub's audit trail.</summary>
    private async Task AuditRecordedAsync(AuditRecordedEvent a, CancellationToken ct)
    {
        if (await db.AuditEntries.AnyAsync(x => x.Id == a.EntryId, ct)) return;
        db.AuditEntries.Add(new AuditEntry
        {
            Id = a.EntryId, At = a.At, UserId = a.UserId, UserName = a.UserName, Role = a.Role, ServicePointId = a.ServicePointId,
            Action = a.Action, SubjectType = a.SubjectType, SubjectId = a.SubjectId, SubjectNikHash = a.SubjectNikHash, Reason = a.Reason,
            ClientAddress = a.ClientAddress,
        });
    }

    /// <summary>An event applied again (a restored cursor) raises no second item: the unique (event, kind) would fail the apply.</summary>
    private async Task DropReviewsAlreadyRaisedAsync(CancellationToken ct)
    {
        foreach (var staged in db.ChangeTracker.Entries<FieldReviewItem>().Where(x => x.State == EntityState.Added).ToList())
            if (await db.FieldReviewItems.AnyAsync(x => x.EventId == staged.Entity.EventId && x.Kind == staged.Entity.Kind, ct))
                staged.State = EntityState.Detached;
    }

    private void Review(FieldEvent e, FieldReviewKind kind, string subjectType, string subjectId, string nodeSide, string hubSide) =>
        db.FieldReviewItems.Add(new FieldReviewItem
        {
            NodeId = e.NodeId, EventId = e.Id, EventSeq = e.Seq, Kind = kind, SubjectType = subjectType, SubjectId = subjectId,
            NodeSide = nodeSide, HubSide = hubSide, CreatedAt = clock.GetUtcNow(),
        });

    private static string HubStatus(AppointmentStatus? status) => status is { } s
        ? ReviewSides.Of(ReviewSides.HubStatus, ReviewSides.W(AppointmentWords.KeyOf(s)))
        : ReviewSides.Of(ReviewSides.HubStatusUnknown);

    private static string Local(DateTimeOffset at) => at.ToWib().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
