using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>/admin/field-nodes at the hub: each node's link and backlog, and the review items with both sides, resolved with a note.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class FieldNodesAdminTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private FakeFieldNodeStatus _fake = null!;
    private WebApplicationFactory<Program> _portal = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _fake = new FakeFieldNodeStatus(App.Clock);
        _portal = App.WithFieldNodeStatus(_fake);
    }

    public override async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A client of the portal whose engine is the fake, signed in as the account.</summary>
    private async Task<PageClient> SignedInAsync(StaffUser user)
    {
        var client = _portal.NewPageClient();
        await client.SignInAsync(user);
        return client;
    }

    private FieldReviewItemView Item(string kind = "AppointmentNotActive") =>
        new(Guid.NewGuid(), Guid.NewGuid(), "kec-rao", 41, kind, "appointment", "PSM-7K3Q2XQ",
            "Dilayani 08.15 (Completed)", "Dibatalkan 07.50 oleh warga", App.Clock.GetUtcNow().AddMinutes(-20), null, null);

    [Fact]
    public async Task Each_node_shows_its_last_contact_lag_waiting_events_review_items_and_errors()
    {
        var now = App.Clock.GetUtcNow();
        _fake.Hub.Add(new HubNodeStatus(Guid.NewGuid(), "kec-rao", now.AddSeconds(-3), TimeSpan.FromSeconds(4.2), 12, 1, null, null, "reserved"));
        _fake.Hub.Add(new HubNodeStatus(Guid.NewGuid(), "dpks", now.AddHours(-2), null, 0, 0, "apply: timeout", now.AddHours(-2), "lost"));
        using var admin = await SignedInAsync(await App.CreateAsync(Roles.Admin));

        var page = await admin.GetAsync(FieldNodesAdminController.Path);

        var rao = page.Document.QuerySelector("#nodes-table tr[data-point='kec-rao']")!.TextContent;
        Assert.Contains(await App.PointNameAsync("kec-rao"), rao);
        Assert.Contains("Terhubung", rao);
        Assert.Contains(WibText.Stamp(now.AddSeconds(-3)), rao);
        Assert.Contains("4,2 detik", rao);
        Assert.Contains("12", rao);
        var dpks = page.Document.QuerySelector("#nodes-table tr[data-point='dpks']")!.TextContent;
        Assert.Contains("Tidak terhubung", dpks);
        Assert.Contains("hilang: node menyalin ulang", dpks);
        Assert.Contains("apply: timeout", dpks);
    }

    [Fact]
    public async Task An_admin_resolves_a_review_item_seeing_both_sides_and_the_resolution_is_audited()
    {
        var item = Item();
        _fake.Add(item);
        var adminUser = await App.CreateAsync(Roles.Admin);
        using var admin = await SignedInAsync(adminUser);

        var page = await admin.GetAsync(FieldNodesAdminController.Path);
        var card = page.Document.QuerySelector($"#review-{item.Id}")!;
        Assert.Equal("Dilayani 08.15 (Completed)", card.QuerySelector(".node-side")!.TextContent);
        Assert.Equal("Dibatalkan 07.50 oleh warga", card.QuerySelector(".hub-side")!.TextContent);
        var done = await admin.FollowAsync(await admin.SubmitAsync(page, $"#review-{item.Id} form",
            new Dictionary<string, string> { ["Note"] = "Warga sudah direkam; pembatalan diabaikan" }));

        Assert.Contains("Perkara ditandai selesai.", done.Text);
        Assert.Equal((item.Id, adminUser.Id, "Warga sudah direkam; pembatalan diabaikan"), Assert.Single(_fake.Resolved));
        Assert.NotNull(done.Document.QuerySelector("#reviews-none"));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == FieldNodesAdminController.AuditResolved));
        Assert.Equal((item.Id.ToString(), adminUser.Id), (audit.SubjectId, audit.UserId));
        Assert.Equal("Warga sudah direkam; pembatalan diabaikan", audit.Reason);
    }

    [Fact]
    public async Task An_ikd_outcome_conflict_is_shown_with_its_kind_and_both_sides_in_Indonesian()
    {
        var item = Item(nameof(FieldReviewKind.IkdOutcomeConflict)) with
        {
            NodeSide = "IKD diaktifkan, dicatat di node 2026-12-02 09:10, nomor A-004",
            HubSide = "sudah tercatat di server dinas: aktivasi IKD gagal (Jaringan putus), 2026-12-02 08:40",
        };
        _fake.Add(item);
        using var admin = await SignedInAsync(await App.CreateAsync(Roles.Admin));

        var card = (await admin.GetAsync(FieldNodesAdminController.Path)).Document.QuerySelector($"#review-{item.Id}")!;

        Assert.Equal("Hasil aktivasi IKD bertentangan dengan server dinas", card.QuerySelector(".review-kind")!.TextContent);
        Assert.Equal(item.NodeSide, card.QuerySelector(".node-side")!.TextContent);
        Assert.Equal(item.HubSide, card.QuerySelector(".hub-side")!.TextContent);
    }

    [Fact]
    public async Task Resolving_without_a_note_is_refused_beside_the_field_and_nothing_is_resolved_or_audited()
    {
        var item = Item();
        _fake.Add(item);
        using var admin = await SignedInAsync(await App.CreateAsync(Roles.Admin));
        var page = await admin.GetAsync(FieldNodesAdminController.Path);

        var refused = await PageClient.ReadAsync(await admin.SubmitAsync(page, $"#review-{item.Id} form",
            new Dictionary<string, string> { ["Note"] = "  " }));

        Assert.Equal("Tuliskan bagaimana perkara ini diselesaikan.", refused.Document.QuerySelector($"#review-{item.Id} [data-valmsg-for='Note']")!.TextContent);
        Assert.Empty(_fake.Resolved);
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == FieldNodesAdminController.AuditResolved)));
    }

    [Fact]
    public async Task A_point_whose_node_has_lost_its_link_is_shown_open_with_the_offline_note()
    {
        var now = App.Clock.GetUtcNow();
        // The hub's own rows of its nodes (the public page reads them directly, not the admin status).
        await App.WithDbAsync(async db =>
        {
            db.FieldNodes.Add(new FieldNode { NodeId = Guid.NewGuid(), PointCode = "kec-rao", FirstContactAt = now.AddDays(-1), LastContactAt = now.AddMinutes(-10) });
            db.FieldNodes.Add(new FieldNode { NodeId = Guid.NewGuid(), PointCode = "dpks", FirstContactAt = now.AddDays(-1), LastContactAt = now.AddSeconds(-2) });
            await db.SaveChangesAsync();
        });
        using var resident = _portal.NewPageClient();

        var page = await resident.GetAsync("/service-status");

        var rao = page.Document.QuerySelector("[data-point='kec-rao']")!;
        Assert.Equal("open", rao.GetAttribute("data-state"));
        Assert.Contains("Buka", rao.TextContent);
        Assert.Contains("Kantor tetap melayani; data dikirim ke dinas saat jaringan kembali.", rao.TextContent);
        var dpks = page.Document.QuerySelector("[data-point='dpks']")!.TextContent;
        Assert.DoesNotContain("Kantor tetap melayani", dpks);
    }

    [Fact]
    public async Task The_hub_shows_no_link_banner_whatever_the_engine_says()
    {
        _fake.Node = new NodeLinkStatus("kec-rao", false, App.Clock.GetUtcNow(), 9, null, null, true, null);
        using var client = await SignedInAsync(await App.CreateAsync(Roles.Operator, "kec-rao"));

        var page = await client.GetAsync("/staff");

        Assert.Contains("Area petugas", page.Text);
        Assert.Null(page.Document.QuerySelector("#field-link-banner"));
    }

    [Fact]
    public async Task The_hubs_queue_of_a_point_with_a_field_node_sends_its_staff_to_the_node_and_issues_no_ticket()
    {
        await App.WithDbAsync(async db =>
        {
            db.FieldNodes.Add(new FieldNode
            {
                NodeId = Guid.CreateVersion7(), PointCode = "kec-rao", FirstContactAt = App.Clock.GetUtcNow().AddDays(-3),
                LastContactAt = App.Clock.GetUtcNow().AddMinutes(-4),
            });
            return await db.SaveChangesAsync();
        });
        using var rao = await SignedInAsync(await App.CreateAsync(Roles.Operator, "kec-rao"));
        using var dpks = await SignedInAsync(await App.CreateAsync(Roles.Operator, "dpks"));

        var page = await rao.GetAsync("/staff/queue/kec-rao");
        var walkIn = await rao.PostAsync("/staff/queue/kec-rao/walk-in", await rao.GetAsync("/staff"),
            new Dictionary<string, string> { ["Service"] = nameof(ServiceType.NewRecording) });

        Assert.Equal(System.Net.HttpStatusCode.Conflict, page.Status);
        var message = page.Document.QuerySelector("#queue-at-node")!.TextContent;
        Assert.Contains($"Antrean {await App.PointNameAsync("kec-rao")} dilayani oleh node lapangan di kantor itu, bukan di server dinas.", message);
        Assert.Contains("portal node di jaringan kantor", message);
        Assert.Contains(WibText.Stamp(App.Clock.GetUtcNow().AddMinutes(-4)), page.Text);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, walkIn.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
        // A point without a node keeps its queue at the hub.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await dpks.GetAsync("/staff/queue/dpks")).Status);
    }

    [Fact]
    public async Task The_page_names_review_kinds_subjects_and_slot_states_in_Indonesian_never_by_their_identifiers()
    {
        var now = App.Clock.GetUtcNow();
        foreach (var (state, i) in new[] { "reserved", "extended", "unreserved", "lost" }.Select((s, i) => (s, i)))
            _fake.Hub.Add(new HubNodeStatus(Guid.NewGuid(), "kec-rao", now.AddSeconds(-3 - i), null, 0, 0, null, null, state));
        _fake.Hub.Add(new HubNodeStatus(Guid.NewGuid(), "kec-rao", now, null, 0, 0, null, null, null));
        var subjects = new[] { "appointment", "ticket", "card", "blank-stock" };
        foreach (var (kind, i) in Enum.GetNames<FieldReviewKind>().Select((k, i) => (k, i)))
            _fake.Add(Item(kind) with { SubjectType = subjects[i % subjects.Length], NodeSide = "di node", HubSide = "di dinas" });
        using var admin = await SignedInAsync(await App.CreateAsync(Roles.Admin));

        var page = await admin.GetAsync(FieldNodesAdminController.Path);

        var text = page.Document.QuerySelector("main")!.TextContent;
        foreach (var raw in Enum.GetNames<FieldReviewKind>().Concat(subjects).Concat(["reserved", "extended", "unreserved"]))
            Assert.DoesNotContain(raw, text, StringComparison.Ordinal);
        Assert.Contains("Kartu tidak dapat diserahkan", text);
        Assert.Contains("Catatan stok blangko", text);
        Assert.Contains("hampir hilang: node lama tidak terhubung", text);
        Assert.Contains("belum ada", text);
    }

    [Fact]
    public void Every_review_kind_has_an_Indonesian_name()
    {
        foreach (var kind in Enum.GetValues<FieldReviewKind>())
            Assert.False(string.IsNullOrEmpty(FieldNodeNames.Of(kind)), $"{kind} has no name in FieldNodeNames");
    }

    /// <summary>Every side text the applier wrote before decision 1223 (English, raw status names), by kind.</summary>
    private static readonly (FieldReviewKind Kind, string Node, string Hub, string NodeSaid, string HubSaid)[] Older =
    [
        (FieldReviewKind.AppointmentNotActive, "check-in at 2026-12-02 09:10, ticket A-004", "status Cancelled",
            "Check-in 2026-12-02 09:10, nomor antrean A-004", "Status di server dinas: Dibatalkan"),
        (FieldReviewKind.AppointmentNotActive, "served at 2026-12-02 09:40: NotRecorded", "status unknown",
            "Dilayani 2026-12-02 09:40: gagal direkam", "Tidak ada di server dinas"),
        (FieldReviewKind.UnknownBookingCode, "provisional check-in of code PSM-ZZZZZZZ at 2026-12-02 09:12", "no appointment has this code",
            "Check-in sementara kode PSM-ZZZZZZZ pada 2026-12-02 09:12", "Tidak ada janji temu dengan kode ini"),
        (FieldReviewKind.UnknownBookingCode, "provisional check-in of code PSM-7K3Q2XQ at 2026-12-02 09:13", "appointment NoShow on 2026-12-01 at another point",
            "Check-in sementara kode PSM-7K3Q2XQ pada 2026-12-02 09:13", "Janji temu tanggal 2026-12-01 di tempat layanan lain: Tidak hadir"),
        (FieldReviewKind.CardNotCollectable, "handed over at 2026-12-02 10:01", "status Collected since 2026-12-01 14:20",
            "Diserahkan di loket 2026-12-02 10:01", "Status kartu di server dinas: Sudah diambil sejak 2026-12-01 14:20"),
        (FieldReviewKind.CardNotCollectable, "handed over at 2026-12-02 10:05", "status DuplicateRecord at another point",
            "Diserahkan di loket 2026-12-02 10:05", "Status kartu di server dinas: Data ganda, di tempat pengambilan lain"),
        (FieldReviewKind.CardNotCollectable, "handed over at 2026-12-02 10:06", "no such card",
            "Diserahkan di loket 2026-12-02 10:06", "Kartu ini tidak ada di server dinas"),
        (FieldReviewKind.TicketNotApplied, "ticket B-012 on 2026-12-02", "the number or the appointment already has a ticket",
            "Nomor antrean B-012 tanggal 2026-12-02", "Nomor itu atau janji temu itu sudah punya nomor antrean di server dinas"),
        (FieldReviewKind.BlankStockShort, "100 Spoiled at 2026-12-02 11:00", "balance 47",
            "100 blangko rusak pada 2026-12-02 11:00", "Sisa stok di server dinas: 47"),
    ];

    [Fact]
    public async Task Review_items_written_before_in_English_show_both_sides_in_Indonesian_words_and_in_English_for_an_English_reader()
    {
        var items = Older.Select(o => Item(o.Kind.ToString()) with { NodeSide = o.Node, HubSide = o.Hub }).ToList();
        // And one as the applier writes them now: a phrase and its words.
        var parked = Item(nameof(FieldReviewKind.UnknownEventKind)) with
        {
            SubjectType = "event", NodeSide = ReviewSides.Of(ReviewSides.UnknownEvent, "TicketTransferred", 12L, App.Clock.GetUtcNow()),
            HubSide = ReviewSides.Of(ReviewSides.UnknownEventHub),
        };
        foreach (var item in items.Append(parked)) _fake.Add(item);
        using var admin = await SignedInAsync(await App.CreateAsync(Roles.Admin));

        var page = await admin.GetAsync(FieldNodesAdminController.Path);

        foreach (var (item, o) in items.Zip(Older))
        {
            var card = page.Document.QuerySelector($"#review-{item.Id}")!;
            Assert.Equal((o.NodeSaid, o.HubSaid), (card.QuerySelector(".node-side")!.TextContent, card.QuerySelector(".hub-side")!.TextContent));
        }
        var parkedCard = page.Document.QuerySelector($"#review-{parked.Id}")!;
        Assert.Equal("Jenis peristiwa belum dikenal server dinas", parkedCard.QuerySelector(".review-kind")!.TextContent);
        Assert.StartsWith("Peristiwa jenis TicketTransferred nomor 12 dari ", parkedCard.QuerySelector(".node-side")!.TextContent);
        Assert.Contains("Peristiwa node", parkedCard.TextContent);
        var text = page.Document.QuerySelector("main")!.TextContent;
        foreach (var raw in new[] { "Cancelled", "NotRecorded", "NoShow", "Collected", "DuplicateRecord", "Spoiled", "status ", "handed over", "balance" })
            Assert.DoesNotContain(raw, text, StringComparison.Ordinal);

        await admin.Http.GetAsync("/culture?culture=en-US&returnUrl=%2F");
        var english = (await admin.GetAsync(FieldNodesAdminController.Path)).Document.QuerySelector($"#review-{items[0].Id}")!;
        Assert.Equal("Status on the district server: cancelled", english.QuerySelector(".hub-side")!.TextContent);
        Assert.Equal("Check-in at 2026-12-02 09:10, queue number A-004", english.QuerySelector(".node-side")!.TextContent);
    }

    [Fact]
    public void Every_phrase_and_word_of_a_review_items_sides_has_its_English_entry()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "EKtp.sln"))) root = root.Parent!;
        var file = Path.Combine(root.FullName, "src", "EKtp.Web", "Resources", "Features", "FieldNodes", "FieldNodesText.en.resx");
        var keys = System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var missing = ReviewSides.Phrases.Concat(ReviewSides.Words).Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "No English entry for: " + string.Join(" | ", missing));
        Assert.True(ReviewSides.Phrases.Count > 15);
    }
}
