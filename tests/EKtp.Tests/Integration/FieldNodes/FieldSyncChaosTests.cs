using System.Diagnostics;
using System.Net;
using EKtp.LinkProxy;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// A hub and a field node on clusters of this test's own (ports 5491 and 5492), the node's link to the hub through a
/// proxy the test cuts and freezes; the hub's cluster is stopped and started, the node's killed mid-work. Staff work at
/// the node through its pages all the while, and residents book at the hub. Then: every event once on both sides,
/// the same tickets, recordings and appointments on both, and the conflict as a review item.
/// </summary>
[Collection(FixedPortsCollection.Name)]
public sealed class FieldSyncChaosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Point = "kec-rao";
    private const int HubPort = 5491, NodePort = 5492;
    private readonly TestClock _clock = new(EKtpAppFactory.DefaultNow);
    private PgCluster _hubDb = null!, _nodeDb = null!;
    private TcpProxy _link = null!;
    private FieldPortal _hub = null!, _node = null!;
    private static int _serial;

    public async Task InitializeAsync()
    {
        var clusters = await Task.WhenAll(
            PgCluster.StartNewAsync("field-hub", HubPort, "wal_level = logical", "max_slot_wal_keep_size = 256MB",
                "max_wal_senders = 10", "max_replication_slots = 10", "wal_sender_timeout = 5s"),
            PgCluster.StartNewAsync("field-node", NodePort, "wal_receiver_timeout = 5s", "wal_retrieve_retry_interval = 1s"));
        (_hubDb, _nodeDb) = (clusters[0], clusters[1]);
        _link = new TcpProxy("127.0.0.1", HubPort);
        _link.Start();
        var keys = FieldPortal.SharedKeys();
        _hub = new FieldPortal(_hubDb.ConnectionString(), _clock, new Dictionary<string, string>(keys) { ["FieldNode:Enabled"] = "true" });
        var hubThroughLink = new NpgsqlConnectionStringBuilder(_hubDb.ConnectionString()) { Port = _link.Port, Timeout = 3, CommandTimeout = 5 };
        _node = new FieldPortal(_nodeDb.ConnectionString(), _clock, new Dictionary<string, string>(keys)
        {
            ["Site:Role"] = "Node", ["Site:PointCode"] = Point, ["FieldNode:HubConnectionString"] = hubThroughLink.ConnectionString,
            ["FieldNode:PushIntervalSeconds"] = "1",
        });
        using (var scope = _hub.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            await db.Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<SlotGenerator>().GenerateAsync();
            await scope.ServiceProvider.GetRequiredService<HubPublications>().EnsureAsync();
        }
        using (var scope = _node.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<EKtpDbContext>().Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedRegionsAsync();
        }
    }

    [Fact]
    public async Task Under_cuts_a_frozen_link_a_hub_restart_and_a_killed_node_every_event_arrives_once_and_conflicts_become_review_items()
    {
        var watch = Stopwatch.StartNew();
        var op = await OperatorAtHubAsync();
        var booked = new List<Appointment>();
        for (var i = 0; i < 14; i++) booked.Add(await BookAtHubAsync(i % 6));
        // Two cards wait at the point: one is handed over offline; the other too, while the hub marks it a duplicate record.
        var (handed, nikHanded) = await CardAtHubAsync();
        var (duplicate, nikDuplicate) = await CardAtHubAsync();
        // The account, the bookings and the cards reach the node by replication before the day starts.
        await UntilAsync("the operator, the bookings and the cards at the node", () => AtNode(async db =>
            await db.Users.AnyAsync(u => u.Id == op.Id) && await db.Appointments.CountAsync() == booked.Count && await db.Cards.CountAsync() == 2));

        using var staff = new PageClient(_node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await staff.SignInAsync(op);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0}s set up; the day starts");
        var day = Stopwatch.StartNew();
        var done = new List<string>();
        var failed = 0;
        async Task Act(string what, Func<Task<HttpResponseMessage>> action)
        {
            var took = Stopwatch.StartNew();
            try
            {
                var response = await action();
                if (response.StatusCode == HttpStatusCode.Redirect) done.Add(what); else failed++;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or NpgsqlException or TaskCanceledException)
            {
                failed++; // the node's database was down: the action happened or not, and the node's own rows say which
            }
            if (took.Elapsed > TimeSpan.FromSeconds(1)) output.WriteLine($"{day.Elapsed.TotalSeconds:0.0}s {what} took {took.Elapsed.TotalSeconds:0.0}s");
        }
        async Task<PageResult> Queue() => await staff.GetAsync($"/staff/queue/{Point}");
        var conflict = booked[^1];
        var checkIns = new Queue<Appointment>(booked.Take(booked.Count - 1));
        var moves = new (int At, string What, Func<Task> Do)[]
        {
            (3, "cut", () => { _link.Stop(); return Task.CompletedTask; }),
            (6, "restore", () => { _link.Start(); return Task.CompletedTask; }),
            (8, "freeze", () => { _link.Freeze(); return Task.CompletedTask; }),
            (12, "thaw", () => { _link.Thaw(); return Task.CompletedTask; }),
            (14, "hub stop", () => _hubDb.StopAsync()),
            (17, "hub start", () => _hubDb.StartAsync()),
            (19, "cut + conflict", async () =>
            {
                _link.Stop();
                // Offline, the node checks the resident in while the hub cancels the same appointment.
                await Act("check-in " + conflict.Code, async () => await staff.PostAsync($"/staff/queue/{Point}/check-in", await Queue(),
                    new Dictionary<string, string> { ["Code"] = conflict.Code }));
                await AtHub(db => db.CancelAsyncFor(conflict, _clock.GetUtcNow()));
                // The counter's other work offline: two handovers, spoiled blanks, a disruption; the hub marks one card a duplicate.
                foreach (var nik in new[] { nikHanded, nikDuplicate })
                    await Act("handover", async () => await staff.PostAsync($"/staff/handover/{Point}", await staff.GetAsync($"/staff/handover/{Point}"),
                        new Dictionary<string, string> { ["Nik"] = nik }));
                await AtHub(db => db.Cards.Where(c => c.Id == duplicate).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CardStatus.DuplicateRecord)));
                await Act("stock", async () => await staff.PostAsync($"/staff/stock/{Point}", await staff.GetAsync($"/staff/stock/{Point}"),
                    new Dictionary<string, string> { ["Kind"] = nameof(BlankStockKind.Spoiled), ["Quantity"] = "2" }));
                await Act("disruption", async () => await staff.PostAsync("/staff/disruptions", await staff.GetAsync("/staff/disruptions"),
                    new Dictionary<string, string> { ["Kind"] = nameof(DisruptionKind.NoCardBlanks), ["StartsNow"] = "true" }));
            }),
            (22, "node killed", () => _nodeDb.StopAsync(immediate: true)),
            (24, "node start", () => _nodeDb.StartAsync()),
            (25, "restore", () => { _link.Start(); return Task.CompletedTask; }),
            (27, "cut", () => { _link.Stop(); return Task.CompletedTask; }),
            (29, "restore", () => { _link.Start(); return Task.CompletedTask; }),
        };
        var next = 0;
        for (var round = 0; day.Elapsed < TimeSpan.FromSeconds(31) || next < moves.Length; round++)
        {
            var second = (int)day.Elapsed.TotalSeconds;
            while (next < moves.Length && moves[next].At <= second)
            {
                output.WriteLine($"{day.Elapsed.TotalSeconds:0.0}s {moves[next].What}");
                var took = Stopwatch.StartNew();
                await moves[next].Do();
                if (took.Elapsed > TimeSpan.FromSeconds(1)) output.WriteLine($"  took {took.Elapsed.TotalSeconds:0.0}s");
                next++;
            }
            // Residents keep booking at the hub (when its database is up).
            if (round % 10 == 0)
            {
                var took = Stopwatch.StartNew();
                try { booked.Add(await BookAtHubAsync(6 + round % 6)); }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or DbUpdateException) { }
                if (took.Elapsed > TimeSpan.FromSeconds(1)) output.WriteLine($"{day.Elapsed.TotalSeconds:0.0}s booking at the hub took {took.Elapsed.TotalSeconds:0.0}s");
            }
            switch (round % 4)
            {
                case 0 when checkIns.TryDequeue(out var a):
                    await Act("check-in " + a.Code, async () => await staff.PostAsync($"/staff/queue/{Point}/check-in", await Queue(),
                        new Dictionary<string, string> { ["Code"] = a.Code }));
                    break;
                case 1:
                    await Act("walk-in", async () => await staff.PostAsync($"/staff/queue/{Point}/walk-in", await Queue(),
                        new Dictionary<string, string> { ["Service"] = nameof(ServiceType.NewRecording) }));
                    break;
                case 2:
                    await Act("call", async () => await staff.PostAsync($"/staff/queue/{Point}/call-next", await Queue(),
                        new Dictionary<string, string> { ["Counter"] = "1" }));
                    break;
                default:
                    var called = await TryAtNode(db => db.QueueTickets.Where(t => t.Status == TicketStatus.Called)
                        .Select(t => new { t.Id, t.Series }).FirstOrDefaultAsync());
                    if (called is null) break;
                    var outcome = new Dictionary<string, string> { ["Outcome"] = nameof(RecordingOutcome.Recorded) };
                    if (called.Series == TicketSeries.B) (outcome["Nik"], outcome["VillageCode"]) = (NewNik(), "13.08.05.2001");
                    await Act("outcome", async () => await staff.PostAsync($"/staff/queue/{Point}/tickets/{called.Id}/outcome", await Queue(), outcome));
                    break;
            }
            await Task.Delay(100); // the pace of a counter, not of a load test
        }
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0}s work done: {done.Count} actions ({string.Join(", ", done.GroupBy(d => d.Split(' ')[0]).Select(g => $"{g.Count()} {g.Key}"))}), {failed} refused or cut off, {booked.Count} bookings");

        await UntilAsync("the hub to apply every event of the node", async () =>
        {
            var node = await AtNode(db => db.FieldNodeStates.SingleAsync());
            var hub = await AtHub(db => db.FieldNodes.SingleOrDefaultAsync());
            return hub is not null && node.LastSeq > 0 && hub.AppliedSeq == node.LastSeq && node.AppliedSeq == node.LastSeq;
        });
        var hubAppointments = await AtHub(db => Keys(db.Appointments.Where(a => a.ServicePoint!.Code == Point).Select(a => a.Id + ":" + a.Status)));
        await UntilAsync("the node's appointments to match the hub's", async () =>
            (await AtNode(db => Keys(db.Appointments.Select(a => a.Id + ":" + a.Status)))).SequenceEqual(
                await AtHub(db => Keys(db.Appointments.Where(a => a.ServicePoint!.Code == Point).Select(a => a.Id + ":" + a.Status)))));
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0}s converged");

        var nodeId = await AtNode(db => db.FieldNodeStates.Select(s => s.NodeId).SingleAsync());
        var events = SyncCheck.Compare(await AtNode(db => Keys(db.FieldEvents.Select(e => e.Seq + ":" + e.Id + ":" + e.Kind))),
            await AtHub(db => Keys(db.FieldEvents.Where(e => e.NodeId == nodeId).Select(e => e.Seq + ":" + e.Id + ":" + e.Kind))));
        Assert.True(events.Lost.Count == 0 && events.Duplicated.Count == 0, "events: " + events);
        Assert.Equal(await AtNode(db => Checksum(db, "SELECT id::text || kind || payload::text FROM field_events ORDER BY seq")),
            await AtHub(db => Checksum(db, $"SELECT id::text || kind || payload::text FROM field_events WHERE node_id = '{nodeId}' ORDER BY seq")));
        Assert.Equal(0, await AtHub(db => db.FieldEvents.CountAsync(e => e.AppliedAt == null)));

        var tickets = SyncCheck.Compare(await AtNode(db => Keys(db.QueueTickets.Select(t => t.Id + ":" + t.Series + t.Number + ":" + t.Status))),
            await AtHub(db => Keys(db.QueueTickets.Select(t => t.Id + ":" + t.Series + t.Number + ":" + t.Status))));
        Assert.True(tickets.Lost.Count == 0 && tickets.Duplicated.Count == 0, "tickets: " + tickets);
        var recordings = SyncCheck.Compare(await AtNode(db => Keys(db.Recordings.Select(r => r.Id + ":" + r.Outcome))),
            await AtHub(db => Keys(db.Recordings.Select(r => r.Id + ":" + r.Outcome))));
        Assert.True(recordings.Lost.Count == 0 && recordings.Duplicated.Count == 0, "recordings: " + recordings);
        // Every recording captured at the node is counted as acknowledged there once the hub applied its event.
        Assert.Equal(0, await AtNode(db => db.Recordings.CountAsync(r => r.UploadState != RecordingUpload.Acknowledged)));
        Assert.Equal(hubAppointments.Count, booked.Count);

        // What the staff saw succeed is there, and the day was real work: tickets of both series, recordings, calls.
        var nodeTickets = await AtNode(db => db.QueueTickets.AsNoTracking().ToListAsync());
        Assert.True(nodeTickets.Count(t => t.Series == TicketSeries.B) >= done.Count(d => d == "walk-in"));
        Assert.True(nodeTickets.Count(t => t.Series == TicketSeries.A) >= done.Count(d => d.StartsWith("check-in", StringComparison.Ordinal)));
        Assert.Contains(nodeTickets, t => t.Series == TicketSeries.A);
        Assert.Contains(nodeTickets, t => t.Series == TicketSeries.B);
        Assert.True(await AtHub(db => db.Recordings.CountAsync()) >= done.Count(d => d == "outcome"));
        Assert.True(await AtHub(db => db.Recordings.CountAsync()) > 0);
        // A recorded walk-in's card is at Recorded at the hub (the node makes no cards).
        Assert.Equal(await AtHub(db => db.Recordings.CountAsync(r => r.Outcome == RecordingOutcome.Recorded)),
            await AtHub(db => db.Cards.CountAsync(c => c.Status == CardStatus.Recorded)));

        // The handovers, the blanks, the disruption and every audit entry of the node are the hub's too, once.
        Assert.Equal(["handover", "handover", "stock", "disruption"], done.Where(d => d is "handover" or "stock" or "disruption"));
        Assert.Equal(CardStatus.Collected, await AtHub(db => db.Cards.Where(c => c.Id == handed).Select(c => c.Status).SingleAsync()));
        Assert.Equal(CardStatus.DuplicateRecord, await AtHub(db => db.Cards.Where(c => c.Id == duplicate).Select(c => c.Status).SingleAsync()));
        Assert.Equal(FieldReviewKind.CardNotCollectable, await AtHub(db => db.FieldReviewItems.Where(i => i.SubjectId == duplicate.ToString()).Select(i => i.Kind).SingleAsync()));
        await UntilAsync("the hub's card states at the node", async () =>
            (await AtNode(db => Keys(db.Cards.Select(c => c.Id + ":" + c.Status)))).SequenceEqual(
                await AtHub(db => Keys(db.Cards.Where(c => c.CollectionPoint!.Code == Point).Select(c => c.Id + ":" + c.Status)))));
        foreach (var (what, node, hub) in new[]
        {
            ("disruptions", await AtNode(db => Keys(db.Disruptions.Select(d => d.Id + ":" + d.Kind))), await AtHub(db => Keys(db.Disruptions.Select(d => d.Id + ":" + d.Kind)))),
            ("blank stock", await AtNode(db => Keys(db.BlankStock.Select(b => b.Id + ":" + b.Quantity))), await AtHub(db => Keys(db.BlankStock.Select(b => b.Id + ":" + b.Quantity)))),
            ("audit entries", await AtNode(db => Keys(db.AuditEntries.Select(a => a.Id + ":" + a.Action))), await AtHub(db => Keys(db.AuditEntries.Select(a => a.Id + ":" + a.Action)))),
        })
        {
            var check = SyncCheck.Compare(node, hub);
            Assert.True(node.Count > 0 && check.Lost.Count == 0 && check.Duplicated.Count == 0, $"{what}: {check}");
        }

        // The conflict: checked in offline, cancelled at the hub. Both kept, and a review item with both sides.
        if (done.Contains("check-in " + conflict.Code))
        {
            var item = await AtHub(db => db.FieldReviewItems.SingleAsync(i => i.SubjectId == conflict.Id.ToString()));
            Assert.Equal(FieldReviewKind.AppointmentNotActive, item.Kind);
            Assert.Equal("Status di server dinas: Dibatalkan", FieldNodeTestSteps.Said(item, item.HubSide));
            Assert.StartsWith("Check-in ", FieldNodeTestSteps.Said(item, item.NodeSide));
            Assert.Equal(AppointmentStatus.Cancelled, await AtHub(db => db.Appointments.Where(a => a.Id == conflict.Id).Select(a => a.Status).SingleAsync()));
        }
        else Assert.Fail("The offline check-in of the conflicting appointment did not go through at the node.");
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0}s checked: {events.Lost.Count} lost, {events.Duplicated.Count} duplicated");
    }

    [Fact]
    public async Task A_node_whose_slot_the_hub_lost_subscribes_again_with_a_fresh_copy_and_loses_no_event()
    {
        var op = await OperatorAtHubAsync();
        var before = await BookAtHubAsync(0);
        await UntilAsync("the first copy at the node", () => AtNode(async db =>
            await db.Users.AnyAsync(u => u.Id == op.Id) && await db.Appointments.AnyAsync(a => a.Id == before.Id)));
        var firstSubscription = await AtNode(db => db.FieldNodeStates.Select(s => s.SubscriptionCreatedAt).SingleAsync());
        using var staff = new PageClient(_node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await staff.SignInAsync(op);

        _link.Stop();
        var walkIn = await staff.PostAsync($"/staff/queue/{Point}/walk-in", await staff.GetAsync($"/staff/queue/{Point}"),
            new Dictionary<string, string> { ["Service"] = nameof(ServiceType.NewRecording) });
        Assert.Equal(HttpStatusCode.Redirect, walkIn.StatusCode);
        var during = await BookAtHubAsync(1);
        // The node is away past the hub's limit: the hub gives its WAL up, and the slot is lost.
        await AtHub(async db =>
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(2));
            foreach (var sql in new[]
            {
                "ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'", "SELECT pg_reload_conf()",
                "CREATE TABLE filler AS SELECT g, repeat('x', 400) AS x FROM generate_series(1, 60000) AS g", "DROP TABLE filler",
            })
                await db.Database.ExecuteSqlRawAsync(sql);
            return true;
        });
        var slot = FieldReplication.SlotName(await AtNode(db => db.FieldNodeStates.Select(s => s.NodeId).SingleAsync()));
        await UntilAsync("the hub to lose the node's slot", () => AtHub(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_switch_wal()");
            await db.Database.ExecuteSqlRawAsync("CHECKPOINT");
            return await db.Database.SqlQueryRaw<string>(
                "SELECT coalesce(wal_status, 'none') AS \"Value\" FROM pg_replication_slots WHERE slot_name = {0}", slot).SingleAsync() == "lost";
        }), seconds: 20);

        // Later in the day, so the second subscription's time tells it from the first.
        _clock.Advance(TimeSpan.FromMinutes(10));
        _link.Start();
        await UntilAsync("the node to subscribe again and the hub to have the walk-in", async () =>
            await AtNode(db => db.Appointments.AnyAsync(a => a.Id == during.Id))
            && await AtHub(db => db.QueueTickets.AnyAsync(t => t.Series == TicketSeries.B)));

        Assert.NotEqual(firstSubscription, await AtNode(db => db.FieldNodeStates.Select(s => s.SubscriptionCreatedAt).SingleAsync()));
        Assert.Equal(await AtNode(db => Keys(db.Appointments.Select(a => a.Id + ":" + a.Status))),
            await AtHub(db => Keys(db.Appointments.Where(a => a.ServicePoint!.Code == Point).Select(a => a.Id + ":" + a.Status))));
        // The walk-in, and the sign-in's audit entry before it: the node's whole journal.
        Assert.Equal(1, await AtHub(db => db.FieldEvents.CountAsync(e => e.Kind != FieldEventKinds.AuditRecorded)));
        Assert.Equal(await AtNode(db => db.FieldEvents.CountAsync()), await AtHub(db => db.FieldEvents.CountAsync()));
    }

    private static string NewNik() => $"1308054101{90:00}{Interlocked.Increment(ref _serial) % 9999 + 1:0000}";

    private static async Task<List<string>> Keys(IQueryable<string> keys) => (await keys.ToListAsync()).Order(StringComparer.Ordinal).ToList();

    /// <summary>An md5 of the rows in their order; <paramref name="rows"/> is this test's own SQL.</summary>
    private static async Task<string> Checksum(EKtpDbContext db, string rows)
    {
        var sql = "SELECT coalesce(md5(string_agg(r, ',')), '') AS \"Value\" FROM (" + rows + ") AS x(r)";
        return await db.Database.SqlQueryRaw<string>(sql).SingleAsync();
    }

    private Task<StaffUser> OperatorAtHubAsync() => _hub.OperatorAtHubAsync(Point);

    /// <summary>A card at the hub waiting at the point, for a resident of a new NIK.</summary>
    private Task<(Guid Id, string Nik)> CardAtHubAsync() => AtHub(async db =>
    {
        var protector = _hub.Services.GetRequiredService<PersonalDataProtector>();
        var nik = NewNik();
        var pointId = await db.ServicePoints.Where(p => p.Code == Point).Select(p => p.Id).SingleAsync();
        var card = new Card
        {
            NikHash = protector.Hash(nik), NikCipher = protector.Encrypt(nik), Status = CardStatus.AtCollectionPoint, RecordedAtPointId = pointId,
            CollectionPointId = pointId, CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow(),
        };
        db.Cards.Add(card);
        await db.SaveChangesAsync();
        return (card.Id, nik);
    });

    private Task<Appointment> BookAtHubAsync(int slotIndex) => _hub.BookAtHubAsync(Point, NewNik(), slotIndex);

    private Task<T> AtHub<T>(Func<EKtpDbContext, Task<T>> work) => _hub.WithDbAsync(work);

    private Task<T> AtNode<T>(Func<EKtpDbContext, Task<T>> work) => _node.WithDbAsync(work);

    /// <summary>At the node while its database may be down: null when it is.</summary>
    private async Task<T?> TryAtNode<T>(Func<EKtpDbContext, Task<T?>> work) where T : class
    {
        try { return await AtNode(work); }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { return null; }
    }

    private static Task UntilAsync(string what, Func<Task<bool>> condition, int seconds = 40) =>
        FieldNodeTestSteps.UntilAsync(what, condition, seconds);

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_hub is not null) await _hub.DisposeAsync();
        if (_link is not null) await _link.DisposeAsync();
        // The node's subscription holds a slot at the hub: stop the node first, then the hub.
        if (_nodeDb is not null) await _nodeDb.DisposeAsync();
        if (_hubDb is not null) await _hubDb.DisposeAsync();
    }
}

internal static class HubBookings
{
    /// <summary>The hub cancels a booked appointment (as the resident would at /booking/manage).</summary>
    public static async Task<bool> CancelAsyncFor(this EKtpDbContext db, Appointment a, DateTimeOffset now) =>
        await EKtp.Web.Features.Appointments.AppointmentTransitions.CancelAsync(db, a.Id, a.SlotId, "berubah rencana", now);
}
