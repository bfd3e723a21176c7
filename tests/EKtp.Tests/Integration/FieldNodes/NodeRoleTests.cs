using System.Net;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>The portal as a field node of kec-rao, on its own database, with no hub to reach (the link is down all day).</summary>
public sealed class NodeAppFactory : EKtpAppFactory
{
    public NodeAppFactory() : base("node")
    {
        Settings["Site:Role"] = "Node";
        Settings["Site:PointCode"] = "kec-rao";
        // Nothing listens there: every push fails, as through a dead link.
        Settings["FieldNode:HubConnectionString"] = "Host=127.0.0.1;Port=1;Database=ektp;Username=ektp;Timeout=1";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // As the hub's replication would bring them: today's slots at the point.
        await this.InScopeAsync(sp => sp.GetRequiredService<SlotGenerator>().GenerateAsync());
        await this.InScopeAsync(sp => sp.GetRequiredService<NodeLink>().EnsureStateAsync(CancellationToken.None));
    }
}

public sealed class NodeRoleTests(NodeAppFactory app) : IClassFixture<NodeAppFactory>
{
    private const string Rao = "kec-rao";
    private const string QueuePage = "/staff/queue/kec-rao";

    private PageClient NewClient() => new(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

    private async Task<PageClient> OperatorAsync()
    {
        var client = NewClient();
        await client.SignInAsync(await app.CreateAsync(Roles.Operator, Rao));
        return client;
    }

    private Task<List<FieldEvent>> JournalAsync() => app.WithDbAsync(db => db.FieldEvents.AsNoTracking().OrderBy(e => e.Seq).ToListAsync());

    [Fact]
    public async Task A_node_serves_the_points_queue_and_answers_404_for_booking_administration_and_the_dashboard()
    {
        using var client = NewClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/sign-in")).Status);
        foreach (var path in new[] { "/booking", "/admin/service-points", "/admin/holidays", "/dashboard", "/api/v1/service-points", "/staff/cards" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).Status);
    }

    [Fact]
    public async Task An_admin_with_the_right_password_is_refused_at_a_node_with_a_message_that_says_where_to_sign_in()
    {
        var admin = await app.CreateAsync(Roles.Admin);
        using var client = NewClient();
        var page = await client.GetAsync("/staff/sign-in");

        var response = await client.SubmitAsync(page, "form[action='/staff/sign-in']",
            new Dictionary<string, string> { ["Email"] = admin.Email!, ["Password"] = StaffAccounts.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("hanya dapat masuk di server dinas", (await PageClient.ReadAsync(response)).Text);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(QueuePage)).Status);
    }

    [Fact]
    public async Task Check_in_walk_in_call_and_outcome_at_a_node_each_write_their_event_numbered_without_gaps()
    {
        var before = (await JournalAsync()).Count;
        var booked = await app.BookAsync(Rao);
        using var staff = await OperatorAsync();
        async Task Post(string path, Dictionary<string, string> values) =>
            Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(QueuePage + path, await staff.GetAsync(QueuePage), values)).StatusCode);

        await Post("/check-in", new() { ["Code"] = booked.Code });
        await Post("/walk-in", new() { ["Service"] = nameof(ServiceType.NewRecording) });
        await Post("/call-next", new() { ["Counter"] = "1" });
        var called = await app.WithDbAsync(db => db.QueueTickets.SingleAsync(t => t.Status == TicketStatus.Called && t.AppointmentId == booked.Id));
        await Post($"/tickets/{called.Id}/outcome", new() { ["Outcome"] = nameof(RecordingOutcome.Recorded) });

        // The queue's own events, in order; the sign-in and the views of personal data are audit events among them.
        var events = (await JournalAsync()).Skip(before).Where(e => e.Kind != FieldEventKinds.AuditRecorded).ToList();
        Assert.Equal([FieldEventKinds.TicketIssued, FieldEventKinds.TicketIssued, FieldEventKinds.TicketChanged, FieldEventKinds.OutcomeRecorded],
            events.Select(e => e.Kind));
        var journal = await JournalAsync();
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(e => e.Seq));
        Assert.Equal(journal.Count, await app.WithDbAsync(db => db.FieldNodeStates.Select(s => s.LastSeq).SingleAsync()));
        Assert.Contains(called.Id.ToString(), events[2].Payload);
        // The node makes no card: cards are the hub's, put at Recorded when the hub applies the outcome.
        Assert.Equal(0, await app.WithDbAsync(db => db.Cards.CountAsync(c => c.RecordingId != null)));
    }

    [Fact]
    public async Task A_slip_code_the_node_does_not_know_is_checked_in_provisionally_and_journalled_with_its_code()
    {
        using var staff = await OperatorAsync();

        var response = await staff.PostAsync(QueuePage + "/check-in", await staff.GetAsync(QueuePage), new Dictionary<string, string> { ["Code"] = "PSM-7K3Q2XQ" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var ticket = await app.WithDbAsync(db => db.QueueTickets.SingleAsync(t => t.ProvisionalCode == "PSM-7K3Q2XQ"));
        Assert.Null(ticket.AppointmentId);
        Assert.Contains(await JournalAsync(), e => e.Kind == FieldEventKinds.TicketIssued && e.Payload.Contains("PSM-7K3Q2XQ"));
        var again = await staff.PostAsync(QueuePage + "/check-in", await staff.GetAsync(QueuePage), new Dictionary<string, string> { ["Code"] = "PSM-7K3Q2XQ" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task With_the_hub_out_of_reach_the_node_reports_itself_disconnected_with_its_events_waiting()
    {
        await app.InScopeAsync(sp => sp.GetRequiredService<NodeLink>().RunOnceAsync(CancellationToken.None));

        var status = await app.InScopeAsync(sp => sp.GetRequiredService<IFieldNodeStatus>().ReadNodeAsync());

        Assert.NotNull(status);
        Assert.False(status.Connected);
        Assert.NotNull(status.DisconnectedSince);
        Assert.Equal(await app.WithDbAsync(db => db.FieldEvents.CountAsync()), status.EventsWaiting);
        Assert.NotNull(status.LastError);
    }

    [Fact]
    public async Task At_a_node_card_handover_blank_stock_and_a_disruption_are_served_and_each_journalled_with_its_audit_entry()
    {
        var before = (await JournalAsync()).Count;
        var pointId = await app.PointIdAsync(Rao);
        var nik = StaffTestData.NewNik();
        // As the hub's replication brings it: a card waiting at this point.
        var card = await app.CardAtAsync(CardStatus.AtCollectionPoint, nik, Rao);
        await app.WithDbAsync(db => db.Cards.Where(c => c.Id == card.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.CollectionPointId, pointId)));
        using var staff = await OperatorAsync();

        var handoverPage = await staff.GetAsync("/staff/handover/kec-rao");
        Assert.Equal(HttpStatusCode.OK, handoverPage.Status);
        Assert.Contains("Kartu siap diambil: 1", handoverPage.Text);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync("/staff/handover/kec-rao", handoverPage,
            new Dictionary<string, string> { ["Nik"] = nik })).StatusCode);
        var stockPage = await staff.GetAsync("/staff/stock/kec-rao");
        Assert.Equal(HttpStatusCode.OK, stockPage.Status);
        Assert.NotNull(stockPage.Document.QuerySelector("#stock-balance-at-hub"));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync("/staff/stock/kec-rao", stockPage,
            new Dictionary<string, string> { ["Kind"] = nameof(BlankStockKind.Spoiled), ["Quantity"] = "2" })).StatusCode);
        var disruptionsPage = await staff.GetAsync("/staff/disruptions");
        Assert.Equal(HttpStatusCode.OK, disruptionsPage.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync("/staff/disruptions", disruptionsPage,
            new Dictionary<string, string> { ["Kind"] = nameof(DisruptionKind.Power), ["StartsNow"] = "true", ["PublicNote"] = "Listrik padam" })).StatusCode);

        var events = (await JournalAsync()).Skip(before).ToList();
        Assert.Equal([FieldEventKinds.CardCollected, FieldEventKinds.BlankStockRecorded, FieldEventKinds.DisruptionDeclared],
            events.Where(e => e.Kind != FieldEventKinds.AuditRecorded).Select(e => e.Kind));
        Assert.Contains(card.Id.ToString(), events.Single(e => e.Kind == FieldEventKinds.CardCollected).Payload);
        var audits = events.Where(e => e.Kind == FieldEventKinds.AuditRecorded).Select(e => e.Payload).ToList();
        Assert.Contains(audits, a => a.Contains(AuditActions.SignIn) && !a.Contains(nik));
        Assert.Contains(audits, a => a.Contains("card-collected") && a.Contains(card.Id.ToString()));
        Assert.Contains(audits, a => a.Contains("disruption-declared"));
        // Each audit entry is the node's row too, with the id its event carries.
        var entryIds = await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Id.ToString()).ToListAsync());
        Assert.All(audits, a => Assert.Contains(entryIds, id => a.Contains(id)));
        Assert.Equal(CardStatus.Collected, await app.WithDbAsync(db => db.Cards.Where(c => c.Id == card.Id).Select(c => c.Status).SingleAsync()));
        // Messages to residents leave from the hub only: the node queued none for its disruption.
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.DedupKey.StartsWith("affected:"))));
        Assert.DoesNotContain(events, e => e.Payload.Contains(nik));
    }

    [Fact]
    public async Task At_a_node_the_ikd_outcome_form_is_accepted_and_the_activation_journalled_in_its_transaction()
    {
        var booked = await app.BookAsync(Rao, slotIndex: 3);
        await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Service, ServiceType.IkdActivation)));
        using var staff = await OperatorAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(QueuePage + "/check-in", await staff.GetAsync(QueuePage),
            new Dictionary<string, string> { ["Code"] = booked.Code })).StatusCode);
        var ticket = await app.WithDbAsync(db => db.QueueTickets.SingleAsync(t => t.AppointmentId == booked.Id));
        await app.WithDbAsync(db => db.QueueTickets.Where(t => t.Id == ticket.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TicketStatus.Called)));
        var before = (await JournalAsync()).Count;
        var serve = await staff.GetAsync($"{QueuePage}/tickets/{ticket.Id}");

        var done = await staff.FollowAsync(await staff.SubmitAsync(serve, "#ikd-outcome-form", new Dictionary<string, string>
            { ["Outcome"] = nameof(IkdOutcome.Failed), ["Reason"] = nameof(IkdFailureReason.Other), ["Note"] = "Aplikasi macet" }));

        Assert.Contains(": aktivasi IKD gagal, alasan dicatat.", done.Text);
        var activation = await app.WithDbAsync(db => db.IkdActivations.SingleAsync(a => a.QueueTicketId == ticket.Id));
        Assert.Equal(AppointmentStatus.NotRecorded, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id).Select(a => a.Status).SingleAsync()));
        var journalled = Assert.Single((await JournalAsync()).Skip(before), e => e.Kind == FieldEventKinds.IkdActivationRecorded);
        var payload = System.Text.Json.JsonSerializer.Deserialize<IkdActivationRecordedEvent>(journalled.Payload, FieldJournal.Json)!;
        Assert.Equal((activation.Id, ticket.Id, (Guid?)booked.Id, IkdOutcome.Failed, (IkdFailureReason?)IkdFailureReason.Other, "Aplikasi macet"),
            (payload.ActivationId, payload.TicketId, payload.AppointmentId, payload.Outcome, payload.Reason, payload.Note));
        var journal = await JournalAsync();
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(e => e.Seq));
    }
}
