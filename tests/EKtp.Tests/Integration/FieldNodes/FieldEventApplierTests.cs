using System.Text.Json;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Features.FieldNodes;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>The hub's side: a node's events, as its push leaves them in field_events, applied once, in order.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class FieldEventApplierTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Rao = "kec-rao";
    private readonly Guid _node = Guid.CreateVersion7();
    private long _seq;

    private async Task ReceiveAsync(string kind, object payload)
    {
        var pointId = await App.PointIdAsync(Rao);
        var seq = ++_seq;
        await App.WithDbAsync(async db =>
        {
            if (!await db.FieldNodes.AnyAsync(n => n.NodeId == _node))
                db.FieldNodes.Add(new FieldNode { NodeId = _node, PointCode = Rao, FirstContactAt = App.Clock.GetUtcNow(), LastContactAt = App.Clock.GetUtcNow() });
            db.FieldEvents.Add(new FieldEvent
            {
                NodeId = _node, Seq = seq, Id = Guid.CreateVersion7(), PointId = pointId, Kind = kind,
                Payload = JsonSerializer.Serialize(payload, FieldJournal.Json), OccurredAt = App.Clock.GetUtcNow(), ReceivedAt = App.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            await db.FieldNodes.Where(n => n.NodeId == _node).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReceivedSeq, seq));
        });
    }

    private Task<int> ApplyAsync() => App.InScopeAsync(sp => sp.GetRequiredService<FieldEventApplier>().ApplyAsync());

    private Task<int> ApplyParkedAsync() => App.InScopeAsync(sp => sp.GetRequiredService<FieldEventApplier>().ApplyParkedAsync());

    private async Task<TicketIssuedEvent> WalkInAsync(int number)
    {
        var t = new TicketIssuedEvent(Guid.CreateVersion7(), await App.PointIdAsync(Rao), App.Clock.Today(), TicketSeries.B, number, null, null,
            ServiceType.NewRecording, App.Clock.GetUtcNow(), App.Clock.GetUtcNow());
        await ReceiveAsync(FieldEventKinds.TicketIssued, t);
        return t;
    }

    private async Task<TicketIssuedEvent> CheckedInAsync(Appointment a, int number)
    {
        var t = new TicketIssuedEvent(Guid.CreateVersion7(), a.ServicePointId, App.Clock.Today(), TicketSeries.A, number, a.Id, null,
            a.Service, App.Clock.GetUtcNow(), a.Slot!.StartsAt);
        await ReceiveAsync(FieldEventKinds.TicketIssued, t);
        return t;
    }

    private async Task ServedAsync(TicketIssuedEvent t, Appointment? a, string? walkInNik = null)
    {
        var protector = App.Get<PersonalDataProtector>();
        await ReceiveAsync(FieldEventKinds.TicketChanged, new TicketChangedEvent(t.TicketId, TicketStatus.Called, App.Clock.GetUtcNow(), 1, null, 1));
        await ReceiveAsync(FieldEventKinds.OutcomeRecorded, new OutcomeRecordedEvent(Guid.CreateVersion7(), t.TicketId, a?.Id, null,
            walkInNik is null ? a!.NikHash : protector.Hash(walkInNik), walkInNik is null ? a!.NikCipher : protector.Encrypt(walkInNik),
            StaffTestData.Village, ServiceType.NewRecording, RecordingOutcome.Recorded, null, null, App.Clock.GetUtcNow(), Guid.NewGuid()));
    }

    [Fact]
    public async Task A_nodes_check_in_call_and_outcome_become_the_hubs_ticket_recording_and_card_once()
    {
        var a = await App.BookAsync(Rao);
        var t = await CheckedInAsync(a, 1);
        await ServedAsync(t, a);

        Assert.Equal(3, await ApplyAsync());
        Assert.Equal(0, await ApplyAsync());

        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());
        Assert.Equal((t.TicketId, TicketStatus.Served, a.Id), (ticket.Id, ticket.Status, ticket.AppointmentId));
        Assert.Equal(AppointmentStatus.Completed, await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == a.Id).Select(x => x.Status).SingleAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Recordings.CountAsync()));
        Assert.Equal(CardStatus.Recorded, await App.WithDbAsync(db => db.Cards.Select(c => c.Status).SingleAsync()));
        var node = await App.WithDbAsync(db => db.FieldNodes.SingleAsync());
        Assert.Equal((3L, (string?)null), (node.AppliedSeq, node.LastError));
        Assert.Equal(0, await App.WithDbAsync(db => db.FieldEvents.CountAsync(e => e.AppliedAt == null)));

        // As if the hub's cursor had been restored from an older backup: the check-in is not tried again on the
        // appointment the outcome completed, so no false review item.
        await App.WithDbAsync(db => db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 0L)));
        Assert.Equal(3, await ApplyAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.FieldReviewItems.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Recordings.CountAsync()));
    }

    [Fact]
    public async Task An_event_applied_again_after_the_cursor_was_lost_makes_no_second_row()
    {
        var t = new TicketIssuedEvent(Guid.CreateVersion7(), await App.PointIdAsync(Rao), App.Clock.Today(), TicketSeries.B, 1, null, null,
            ServiceType.NewRecording, App.Clock.GetUtcNow(), App.Clock.GetUtcNow());
        await ReceiveAsync(FieldEventKinds.TicketIssued, t);
        await ServedAsync(t, null, StaffTestData.NewNik());
        await ApplyAsync();

        // As if the hub's cursor had been restored from an older backup: every event is tried again.
        await App.WithDbAsync(db => db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 0L)));
        Assert.Equal(3, await ApplyAsync());

        Assert.Equal(1, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Recordings.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Cards.CountAsync()));
        Assert.Equal(TicketStatus.Served, await App.WithDbAsync(db => db.QueueTickets.Select(x => x.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_appointment_cancelled_at_the_hub_and_served_at_the_node_is_a_review_item_with_both_sides_and_the_stream_goes_on()
    {
        var cancelled = await App.BookAsync(Rao, slotIndex: 0);
        var next = await App.BookAsync(Rao, slotIndex: 1);
        await App.WithDbAsync(db => db.CancelAsync(cancelled.Id, cancelled.SlotId, null, App.Clock.GetUtcNow()));
        var t = await CheckedInAsync(cancelled, 1);
        await ServedAsync(t, cancelled);
        await CheckedInAsync(next, 2);

        Assert.Equal(4, await ApplyAsync());

        var item = await App.WithDbAsync(db => db.FieldReviewItems.SingleAsync());
        Assert.Equal((FieldReviewKind.AppointmentNotActive, cancelled.Id.ToString()), (item.Kind, item.SubjectId));
        Assert.Equal("Status di server dinas: Dibatalkan", FieldNodeTestSteps.Said(item, item.HubSide));
        Assert.StartsWith("Check-in ", FieldNodeTestSteps.Said(item, item.NodeSide));
        // Not overwritten: the hub's cancellation stands; the node's facts (ticket, recording) are kept.
        Assert.Equal(AppointmentStatus.Cancelled, await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == cancelled.Id).Select(x => x.Status).SingleAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Recordings.CountAsync(r => r.QueueTicketId == t.TicketId)));
        Assert.Equal(AppointmentStatus.CheckedIn, await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == next.Id).Select(x => x.Status).SingleAsync()));
        var status = await App.InScopeAsync(sp => sp.GetRequiredService<IFieldNodeStatus>().ReadHubAsync());
        Assert.Equal(1, Assert.Single(status).OpenReviewItems);
    }

    [Fact]
    public async Task A_provisional_check_in_is_linked_to_the_appointment_the_hub_booked_during_the_outage()
    {
        var a = await App.BookAsync(Rao);
        var pointId = await App.PointIdAsync(Rao);
        await ReceiveAsync(FieldEventKinds.TicketIssued, new TicketIssuedEvent(Guid.CreateVersion7(), pointId, App.Clock.Today(), TicketSeries.A, 1,
            null, a.Code, ServiceType.NewRecording, App.Clock.GetUtcNow(), App.Clock.GetUtcNow()));
        await ReceiveAsync(FieldEventKinds.TicketIssued, new TicketIssuedEvent(Guid.CreateVersion7(), pointId, App.Clock.Today(), TicketSeries.A, 2,
            null, "PSM-ZZZZZZZ", ServiceType.NewRecording, App.Clock.GetUtcNow(), App.Clock.GetUtcNow()));

        Assert.Equal(2, await ApplyAsync());

        Assert.Equal(a.Id, await App.WithDbAsync(db => db.QueueTickets.Where(x => x.Number == 1).Select(x => x.AppointmentId).SingleAsync()));
        Assert.Equal(AppointmentStatus.CheckedIn, await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == a.Id).Select(x => x.Status).SingleAsync()));
        var item = await App.WithDbAsync(db => db.FieldReviewItems.SingleAsync());
        Assert.Equal(FieldReviewKind.UnknownBookingCode, item.Kind);
        Assert.Contains("PSM-ZZZZZZZ", item.NodeSide);
    }

    [Fact]
    public async Task A_card_handed_over_at_the_node_is_collected_at_the_hub_once_and_one_the_hub_already_moved_is_a_review_item()
    {
        var op = await App.CreateAsync(Roles.Operator, Rao);
        var pointId = await App.PointIdAsync(Rao);
        var waiting = await App.CardAtAsync(CardStatus.AtCollectionPoint, pointCode: Rao);
        var collectedAtHub = await App.CardAtAsync(CardStatus.Collected, pointCode: Rao);
        var duplicate = await App.CardAtAsync(CardStatus.DuplicateRecord, pointCode: Rao);
        await App.WithDbAsync(db => db.Cards.ExecuteUpdateAsync(u => u.SetProperty(c => c.CollectionPointId, pointId)));
        var handover = new CardCollectedEvent(waiting.Id, Guid.CreateVersion7(), CardStatus.AtCollectionPoint, App.Clock.GetUtcNow(), op.Id, null);
        await ReceiveAsync(FieldEventKinds.CardCollected, handover);
        foreach (var card in new[] { collectedAtHub, duplicate })
            await ReceiveAsync(FieldEventKinds.CardCollected,
                new CardCollectedEvent(card.Id, Guid.CreateVersion7(), CardStatus.AtCollectionPoint, App.Clock.GetUtcNow(), op.Id, null));

        Assert.Equal(3, await ApplyAsync());
        // As if the hub's cursor had been restored from an older backup: the same events again change nothing.
        await App.WithDbAsync(db => db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 0L)));
        Assert.Equal(3, await ApplyAsync());

        var statuses = await App.WithDbAsync(db => db.Cards.ToDictionaryAsync(c => c.Id, c => c.Status));
        Assert.Equal(CardStatus.Collected, statuses[waiting.Id]);
        Assert.Equal(CardStatus.DuplicateRecord, statuses[duplicate.Id]);
        var history = await App.WithDbAsync(db => db.CardStatusChanges.Where(c => c.CardId == waiting.Id).ToListAsync());
        Assert.Equal((handover.ChangeId, CardStatus.Collected, pointId), (Assert.Single(history).Id, history[0].To, history[0].ServicePointId));
        var items = await App.WithDbAsync(db => db.FieldReviewItems.OrderBy(i => i.EventSeq).ToListAsync());
        Assert.Equal([collectedAtHub.Id.ToString(), duplicate.Id.ToString()], items.Select(i => i.SubjectId));
        Assert.All(items, i => Assert.Equal(FieldReviewKind.CardNotCollectable, i.Kind));
        Assert.StartsWith("Status kartu di server dinas: Sudah diambil", FieldNodeTestSteps.Said(items[0], items[0].HubSide));
        Assert.Equal("Status kartu di server dinas: Data ganda", FieldNodeTestSteps.Said(items[1], items[1].HubSide));
        Assert.StartsWith("Diserahkan di loket ", FieldNodeTestSteps.Said(items[1], items[1].NodeSide));
    }

    [Fact]
    public async Task Blank_stock_a_disruption_and_its_end_audit_entries_and_a_walk_ins_status_code_and_phone_reach_the_hub_once()
    {
        var op = await App.CreateAsync(Roles.Operator, Rao);
        var pointId = await App.PointIdAsync(Rao);
        var booked = await App.BookAsync(Rao);
        var now = App.Clock.GetUtcNow();
        var protector = App.Get<PersonalDataProtector>();
        await ReceiveAsync(FieldEventKinds.BlankStockRecorded, new BlankStockRecordedEvent(Guid.CreateVersion7(), BlankStockKind.Received, 50, null, now, op.Id));
        await ReceiveAsync(FieldEventKinds.BlankStockRecorded, new BlankStockRecordedEvent(Guid.CreateVersion7(), BlankStockKind.Spoiled, 3, "tercetak miring", now, op.Id));
        var tooMany = new BlankStockRecordedEvent(Guid.CreateVersion7(), BlankStockKind.Spoiled, 100, null, now, op.Id);
        await ReceiveAsync(FieldEventKinds.BlankStockRecorded, tooMany);
        var disruption = new DisruptionDeclaredEvent(Guid.CreateVersion7(), DisruptionKind.Power, booked.Slot!.StartsAt.AddMinutes(-30),
            booked.Slot.EndsAt.AddHours(1), "Listrik padam", op.Id);
        await ReceiveAsync(FieldEventKinds.DisruptionDeclared, disruption);
        await ReceiveAsync(FieldEventKinds.DisruptionEnded, new DisruptionEndedEvent(disruption.DisruptionId, now.AddHours(2), op.Id));
        var audit = new AuditRecordedEvent(Guid.CreateVersion7(), now, op.Id, op.UserName, Roles.Operator, pointId, AuditActions.SignIn,
            "staff", op.Id.ToString(), null, null, "192.168.1.20");
        await ReceiveAsync(FieldEventKinds.AuditRecorded, audit);
        var walkIn = new TicketIssuedEvent(Guid.CreateVersion7(), pointId, App.Clock.Today(), TicketSeries.B, 1, null, null, ServiceType.NewRecording,
            now, now, "PSM-W4LK1N2", protector.Encrypt("+6281234567890"));
        await ReceiveAsync(FieldEventKinds.TicketIssued, walkIn);

        Assert.Equal(7, await ApplyAsync());
        await App.WithDbAsync(db => db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 0L)));
        Assert.Equal(7, await ApplyAsync());

        Assert.Equal(47, await App.WithDbAsync(db => db.BlankStockBalances.Where(b => b.ServicePointId == pointId).Select(b => b.Balance).SingleAsync()));
        Assert.Equal(3, await App.WithDbAsync(db => db.BlankStock.CountAsync(e => e.ServicePointId == pointId)));
        var short_ = await App.WithDbAsync(db => db.FieldReviewItems.SingleAsync());
        Assert.Equal((FieldReviewKind.BlankStockShort, tooMany.EntryId.ToString()), (short_.Kind, short_.SubjectId));
        Assert.Equal("Sisa stok di server dinas: 47", FieldNodeTestSteps.Said(short_, short_.HubSide));
        Assert.StartsWith("100 blangko rusak pada ", FieldNodeTestSteps.Said(short_, short_.NodeSide));
        var d = await App.WithDbAsync(db => db.Disruptions.SingleAsync());
        Assert.Equal((disruption.DisruptionId, pointId, now.AddHours(2)), (d.Id, d.ServicePointId, d.EndedAt));
        // The hub marks the appointments the node's disruption covers (and queues their residents' messages).
        Assert.Equal(disruption.DisruptionId, await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id).Select(a => a.AffectedByDisruptionId).SingleAsync()));
        var entry = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Id == audit.EntryId));
        Assert.Equal((AuditActions.SignIn, op.Id, "192.168.1.20"), (entry.Action, entry.UserId, entry.ClientAddress));
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync(t => t.Id == walkIn.TicketId));
        Assert.Equal(("PSM-W4LK1N2", "+6281234567890"), (ticket.StatusCode, ticket.Phone));
    }

    private async Task<Appointment> BookIkdAsync(int slotIndex)
    {
        var a = await App.BookAsync(Rao, slotIndex);
        await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == a.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Service, ServiceType.IkdActivation)));
        a.Service = ServiceType.IkdActivation;
        return a;
    }

    /// <summary>The node's call and IKD outcome for a ticket it issued, as its journal carries them.</summary>
    private async Task<IkdActivationRecordedEvent> IkdServedAsync(TicketIssuedEvent t, Appointment? a, IkdOutcome outcome = IkdOutcome.Activated)
    {
        await ReceiveAsync(FieldEventKinds.TicketChanged, new TicketChangedEvent(t.TicketId, TicketStatus.Called, App.Clock.GetUtcNow(), 1, null, 1));
        var k = new IkdActivationRecordedEvent(Guid.CreateVersion7(), t.TicketId, a?.Id, StaffTestData.Village, outcome,
            outcome == IkdOutcome.Failed ? IkdFailureReason.PhoneNotSupported : null, null, App.Clock.GetUtcNow(), Guid.NewGuid());
        await ReceiveAsync(FieldEventKinds.IkdActivationRecorded, k);
        return k;
    }

    [Fact]
    public async Task An_ikd_outcome_from_a_node_is_applied_once_completes_the_appointment_and_counts_on_the_dashboard()
    {
        var a = await BookIkdAsync(0);
        var t = await CheckedInAsync(a, 1);
        var k = await IkdServedAsync(t, a);

        Assert.Equal(3, await ApplyAsync());
        // As if the hub's cursor had been restored from an older backup: the same events again add nothing.
        await App.WithDbAsync(db => db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 0L)));
        Assert.Equal(3, await ApplyAsync());

        var activation = await App.WithDbAsync(db => db.IkdActivations.SingleAsync());
        Assert.Equal((k.ActivationId, t.TicketId, (Guid?)a.Id, IkdOutcome.Activated, await App.PointIdAsync(Rao)),
            (activation.Id, activation.QueueTicketId, activation.AppointmentId, activation.Outcome, activation.ServicePointId));
        Assert.Equal(AppointmentStatus.Completed, await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == a.Id).Select(x => x.Status).SingleAsync()));
        Assert.Equal(TicketStatus.Served, await App.WithDbAsync(db => db.QueueTickets.Select(x => x.Status).SingleAsync()));
        Assert.Equal((0, 0), (await App.WithDbAsync(db => db.Recordings.CountAsync()), await App.WithDbAsync(db => db.FieldReviewItems.CountAsync())));
        var today = App.Clock.Today();
        var figures = await App.WithDbAsync(db => IkdActivationsViewComponent.ReadAsync(db, new DashboardFilter(today, today, null), CancellationToken.None));
        Assert.Equal((1, 0), (figures.Activated, figures.Failed));
    }

    [Fact]
    public async Task An_ikd_outcome_the_hub_already_has_or_for_an_appointment_cancelled_at_the_hub_is_a_review_item_and_the_stream_goes_on()
    {
        var loggedAtHub = await BookIkdAsync(0);
        var cancelled = await BookIkdAsync(1);
        var next = await BookIkdAsync(2);
        var pointId = await App.PointIdAsync(Rao);
        var hubAt = App.Clock.GetUtcNow().AddMinutes(-10);
        // Before the node's first push, the hub's own counter served the first resident (a hub ticket, the hub's outcome).
        await App.WithDbAsync(async db =>
        {
            var ticket = new QueueTicket { ServicePointId = pointId, ServiceDate = App.Clock.Today(), Series = TicketSeries.A, Number = 90,
                AppointmentId = loggedAtHub.Id, Service = ServiceType.IkdActivation, Status = TicketStatus.Served, IssuedAt = hubAt, OrderAt = hubAt };
            db.QueueTickets.Add(ticket);
            db.IkdActivations.Add(new IkdActivation { ServicePointId = pointId, QueueTicketId = ticket.Id, AppointmentId = loggedAtHub.Id,
                Outcome = IkdOutcome.Failed, Reason = IkdFailureReason.NoSmartphone, At = hubAt, ById = Guid.NewGuid() });
            await db.SaveChangesAsync();
            await db.Appointments.Where(x => x.Id == loggedAtHub.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, AppointmentStatus.NotRecorded));
            await db.CancelAsync(cancelled.Id, cancelled.SlotId, null, App.Clock.GetUtcNow());
        });
        var duplicate = await IkdServedAsync(await CheckedInAsync(loggedAtHub, 1), loggedAtHub);
        var late = await IkdServedAsync(await CheckedInAsync(cancelled, 2), cancelled);
        await CheckedInAsync(next, 3);

        Assert.Equal(7, await ApplyAsync());

        var node = await App.WithDbAsync(db => db.FieldNodes.SingleAsync());
        Assert.Equal((7L, (string?)null), (node.AppliedSeq, node.LastError));
        Assert.Equal(AppointmentStatus.CheckedIn, await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == next.Id).Select(x => x.Status).SingleAsync()));
        var items = await App.WithDbAsync(db => db.FieldReviewItems.Where(i => i.Kind == FieldReviewKind.IkdOutcomeConflict).OrderBy(i => i.EventSeq).ToListAsync());
        Assert.Equal([loggedAtHub.Id.ToString(), cancelled.Id.ToString()], items.Select(i => i.SubjectId));
        // Both sides in Indonesian: the node's outcome, and what the hub holds.
        Assert.Contains("IKD diaktifkan, dicatat di node", items[0].NodeSide);
        Assert.Contains("sudah tercatat di server dinas: aktivasi IKD gagal (Tidak membawa ponsel pintar)", items[0].HubSide);
        Assert.Contains("Dibatalkan", items[1].HubSide);
        // The hub's outcome stands and is not doubled; the activation after the cancellation happened all the same and is kept.
        var activations = await App.WithDbAsync(db => db.IkdActivations.ToListAsync());
        Assert.Equal(IkdOutcome.Failed, Assert.Single(activations, x => x.AppointmentId == loggedAtHub.Id).Outcome);
        Assert.DoesNotContain(activations, x => x.Id == duplicate.ActivationId);
        Assert.Contains(activations, x => x.Id == late.ActivationId);
        var statuses = await App.WithDbAsync(db => db.Appointments.ToDictionaryAsync(x => x.Id, x => x.Status));
        Assert.Equal((AppointmentStatus.NotRecorded, AppointmentStatus.Cancelled), (statuses[loggedAtHub.Id], statuses[cancelled.Id]));

        // Applied again (a restored cursor): no second item, no second row.
        await App.WithDbAsync(db => db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 0L)));
        Assert.Equal(7, await ApplyAsync());
        Assert.Equal(2, await App.WithDbAsync(db => db.FieldReviewItems.CountAsync(i => i.Kind == FieldReviewKind.IkdOutcomeConflict)));
        Assert.Equal(2, await App.WithDbAsync(db => db.IkdActivations.CountAsync()));
    }

    [Fact]
    public async Task An_event_of_a_kind_the_hub_does_not_know_is_parked_as_a_review_item_and_the_events_after_it_are_applied()
    {
        // A node newer than its hub journals a kind this hub has no code for.
        await ReceiveAsync("TicketTransferred", new { TicketId = Guid.CreateVersion7(), ToPoint = "kec-lubuk-sikaping" });
        var walkIn = await WalkInAsync(1);

        Assert.Equal(2, await ApplyAsync());

        var node = await App.WithDbAsync(db => db.FieldNodes.SingleAsync());
        Assert.Equal((2L, (string?)null), (node.AppliedSeq, node.LastError));
        Assert.True(await App.WithDbAsync(db => db.QueueTickets.AnyAsync(t => t.Id == walkIn.TicketId)));
        var events = await App.WithDbAsync(db => db.FieldEvents.OrderBy(e => e.Seq).ToListAsync());
        Assert.Null(events[0].AppliedAt);
        Assert.NotNull(events[1].AppliedAt);
        var item = await App.WithDbAsync(db => db.FieldReviewItems.SingleAsync());
        Assert.Equal((FieldReviewKind.UnknownEventKind, 1L, "event", events[0].Id.ToString(), (DateTimeOffset?)null),
            (item.Kind, item.EventSeq, item.SubjectType, item.SubjectId, item.ResolvedAt));
        Assert.StartsWith("Peristiwa jenis TicketTransferred nomor 1 dari ", FieldNodeTestSteps.Said(item, item.NodeSide));

        // This hub still does not know the kind: it stays parked; applied again (a restored cursor), no second item.
        Assert.Equal(0, await ApplyParkedAsync());
        await App.WithDbAsync(db => db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 0L)));
        Assert.Equal(2, await ApplyAsync());
        Assert.Equal(1, await App.WithDbAsync(db => db.FieldReviewItems.CountAsync(i => i.ResolvedAt == null)));
        Assert.Equal(1, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task An_event_an_older_hub_parked_is_applied_once_this_hub_knows_its_kind_and_its_review_item_is_resolved()
    {
        // What an older hub leaves behind for a kind it did not know: the event unapplied behind the cursor, and its review item.
        var walkIn = await WalkInAsync(1);
        await WalkInAsync(2);
        await App.WithDbAsync(async db =>
        {
            var e = await db.FieldEvents.SingleAsync(x => x.Seq == 1);
            db.FieldReviewItems.Add(new FieldReviewItem
            {
                NodeId = _node, EventId = e.Id, EventSeq = 1, Kind = FieldReviewKind.UnknownEventKind, SubjectType = "event", SubjectId = e.Id.ToString(),
                NodeSide = ReviewSides.Of(ReviewSides.UnknownEvent, e.Kind, e.Seq, e.OccurredAt), HubSide = ReviewSides.Of(ReviewSides.UnknownEventHub),
                CreatedAt = App.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            return await db.FieldNodes.ExecuteUpdateAsync(u => u.SetProperty(n => n.AppliedSeq, 1L));
        });
        Assert.Equal(1, await ApplyAsync());

        // The upgraded hub at start.
        Assert.Equal(1, await ApplyParkedAsync());
        Assert.Equal(0, await ApplyParkedAsync());

        Assert.Equal(2, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
        Assert.True(await App.WithDbAsync(db => db.QueueTickets.AnyAsync(t => t.Id == walkIn.TicketId)));
        Assert.Equal(0, await App.WithDbAsync(db => db.FieldEvents.CountAsync(e => e.AppliedAt == null)));
        var item = await App.WithDbAsync(db => db.FieldReviewItems.SingleAsync());
        Assert.NotNull(item.ResolvedAt);
        Assert.Equal(FieldEventApplier.ParkedAppliedNote, item.ResolutionNote);
    }
}
