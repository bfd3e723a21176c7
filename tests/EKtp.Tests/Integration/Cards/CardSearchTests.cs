using System.Net;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Cards;

[Collection(StaffDatabaseCollection.Name)]
public class CardSearchTests(EKtpAppFactory app) : IntegrationTest(app)
{
    /// <summary>Every address the client asked for, to show that no NIK or name went into one.</summary>
    private sealed class AddressRecorder : DelegatingHandler
    {
        public List<string> Addresses { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Addresses.Add(request.RequestUri!.ToString());
            return base.SendAsync(request, ct);
        }
    }

    private async Task<(PageClient Client, AddressRecorder Addresses)> OperatorAsync()
    {
        var recorder = new AddressRecorder();
        var client = new PageClient(App.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(), recorder));
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, "dpks"));
        return (client, recorder);
    }

    /// <summary>A card for a resident who was recorded after booking (their name is on the appointment, completed).</summary>
    private async Task<(Card Card, Appointment Appointment)> BookedCardAsync(CardStatus status, string fullName)
    {
        var nik = StaffTestData.NewNik();
        var protector = App.Get<PersonalDataProtector>();
        var appointment = await App.WithDbAsync(async db =>
        {
            var slot = await db.Slots.Where(s => s.ServicePoint!.Code == "kec-rao").OrderBy(s => s.StartsAt).FirstAsync();
            var a = new Appointment
            {
                Code = BookingCode.New(), SlotId = slot.Id, ServicePointId = slot.ServicePointId, Service = ServiceType.NewRecording,
                Status = AppointmentStatus.Completed, NikHash = protector.Hash(nik), NikCipher = protector.Encrypt(nik),
                KkCipher = protector.Encrypt("1308051201100042"), FullName = fullName, BirthDate = new DateOnly(1990, 1, 1),
                Phone = "+6281234567890", VillageCode = StaffTestData.Village, IdempotencyKey = Guid.NewGuid(), CreatedAt = App.Clock.GetUtcNow(),
            };
            db.Appointments.Add(a);
            await db.SaveChangesAsync();
            return a;
        });
        return (await App.CardAtAsync(status, nik), appointment);
    }

    private static async Task<PageResult> SearchAsync(PageClient client, string query, string status = "")
    {
        var page = await client.GetAsync("/staff/cards");
        return await PageClient.ReadAsync(await client.SubmitAsync(page, "#search-form",
            new Dictionary<string, string> { ["Query"] = query, ["Status"] = status }));
    }

    private static List<string> Rows(PageResult page) =>
        page.Document.QuerySelectorAll("#cards-table tbody tr").Select(r => r.GetAttribute("data-card")!).ToList();

    /// <summary>Every address in the page: links, form actions.</summary>
    private static IEnumerable<string> AddressesIn(PageResult page) =>
        page.Document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)
            .Concat(page.Document.QuerySelectorAll("form[action]").Select(f => f.GetAttribute("action")!));

    [Fact]
    public async Task A_card_is_found_by_its_NIK_by_part_of_the_name_and_by_the_booking_code_and_no_NIK_or_name_enters_an_address()
    {
        var (siti, sitiBooking) = await BookedCardAsync(CardStatus.Printed, "Siti Rahmah Nasution");
        var (budi, _) = await BookedCardAsync(CardStatus.PrintReady, "Budi Santoso");
        var sitiNik = App.Get<PersonalDataProtector>().Decrypt(siti.NikCipher);
        var (client, recorder) = await OperatorAsync();
        using var _ = client;

        var byNik = await SearchAsync(client, Nik.Grouped(sitiNik));
        var byName = await SearchAsync(client, "rahmah");
        var byCode = await SearchAsync(client, sitiBooking.Code.ToLowerInvariant());
        var byNameAndStatus = await SearchAsync(client, "santoso", nameof(CardStatus.Printed));
        var partOfNik = await SearchAsync(client, sitiNik[..8]);

        Assert.Equal([siti.Id.ToString()], Rows(byNik));
        Assert.Equal([siti.Id.ToString()], Rows(byName));
        Assert.Equal([siti.Id.ToString()], Rows(byCode));
        Assert.Empty(Rows(byNameAndStatus));
        Assert.Contains("16 angka", partOfNik.FieldError("Query"));
        // The name is shown beside the masked NIK; the full NIK is not.
        var row = byName.Document.QuerySelector("#cards-table tbody tr")!;
        Assert.Equal("Siti Rahmah Nasution", row.QuerySelector(".card-name")!.TextContent);
        Assert.Contains(Masking.MaskIdNumber(sitiNik), row.TextContent);
        // The NIK typed stays in the search box (the page body, not an address) and nowhere else.
        Assert.DoesNotContain(sitiNik, byNik.Html);
        // (the box, and the bulk form's copy of the search for "every card found").
        var holding = byNik.Document.QuerySelectorAll("*").Where(e => e.Children.Length == 0 && e.OuterHtml.Contains(Nik.Grouped(sitiNik))).ToList();
        Assert.Equal(2, holding.Count);
        Assert.All(holding, e => Assert.Equal(("input", "Query"), (e.LocalName, e.GetAttribute("name")!)));
        Assert.Equal(Nik.Grouped(sitiNik), byNik.Document.QuerySelector("#search-query")!.GetAttribute("value"));
        // Nothing personal in any address asked for or offered.
        var addresses = recorder.Addresses.Concat(new[] { byNik, byName, byCode }.SelectMany(AddressesIn)).ToList();
        Assert.Contains(addresses, a => a.EndsWith("/staff/cards/search"));
        Assert.DoesNotContain(addresses, a => a.Contains(sitiNik) || a.Contains(sitiNik[..8]) || a.Contains("rahmah", StringComparison.OrdinalIgnoreCase)
            || a.Contains("Siti", StringComparison.OrdinalIgnoreCase) || a.Contains(sitiBooking.Code[4..]));
        Assert.NotEqual(budi.Id, siti.Id);
    }

    [Fact]
    public async Task A_walk_ins_card_is_found_by_the_status_code_on_the_ticket()
    {
        var card = await App.CardAtAsync(CardStatus.Recorded);
        const string code = "PSM-7K3Q2XQ";
        await App.WithDbAsync(async db =>
        {
            var point = await db.ServicePoints.SingleAsync(p => p.Code == "dpks");
            var ticket = new QueueTicket
            {
                ServicePointId = point.Id, ServiceDate = App.Clock.Today(), Series = TicketSeries.B, Number = 1, StatusCode = code,
                IssuedAt = App.Clock.GetUtcNow(), OrderAt = App.Clock.GetUtcNow(), Status = TicketStatus.Served,
            };
            var recording = new Recording
            {
                ServicePointId = point.Id, QueueTicketId = ticket.Id, NikHash = card.NikHash, NikCipher = card.NikCipher,
                RecordedAt = App.Clock.GetUtcNow(), RecordedById = Guid.NewGuid(), UploadStateAt = App.Clock.GetUtcNow(),
            };
            db.QueueTickets.Add(ticket);
            db.Recordings.Add(recording);
            await db.SaveChangesAsync();
            await db.Cards.Where(c => c.Id == card.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.RecordingId, recording.Id));
            return 0;
        });
        var (client, _) = await OperatorAsync();
        using var __ = client;

        var found = await SearchAsync(client, code);

        Assert.Equal([card.Id.ToString()], Rows(found));
        Assert.Equal("—", found.Document.QuerySelector(".card-name")!.TextContent);
    }

    [Fact]
    public async Task Every_card_of_a_status_can_be_reached_page_by_page()
    {
        for (var i = 0; i < 120; i++) await App.CardAtAsync(CardStatus.AtCollectionPoint);
        await App.CardAtAsync(CardStatus.Printed);
        var (client, _) = await OperatorAsync();
        using var __ = client;

        var first = await client.GetAsync("/staff/cards?status=AtCollectionPoint");
        var pages = first.Document.QuerySelectorAll(".pagination a.page-link").Select(a => a.GetAttribute("href")!).ToList();
        var seen = Rows(first);
        foreach (var href in pages.Where(h => !h.EndsWith("page=1")))
            seen.AddRange(Rows(await client.GetAsync(href)));

        Assert.Equal(["/staff/cards?status=AtCollectionPoint&page=1", "/staff/cards?status=AtCollectionPoint&page=2",
            "/staff/cards?status=AtCollectionPoint&page=3"], pages);
        Assert.Equal(50, Rows(first).Count);
        Assert.Equal(120, seen.Distinct().Count());
        Assert.Contains("Halaman 1 dari 3", first.Text);
        Assert.Contains(": 120 kartu", first.Text);
    }

    [Fact]
    public async Task A_search_result_is_paged_by_posting_the_search_again()
    {
        for (var i = 0; i < 55; i++) await BookedCardAsync(CardStatus.Printed, "Yusrizal Chaniago");
        var (client, recorder) = await OperatorAsync();
        using var _ = client;

        var first = await SearchAsync(client, "chaniago");
        var pageTwo = first.Document.QuerySelector("button.page-link[value='2']")!;
        Assert.Equal("search-form", pageTwo.GetAttribute("form"));
        var second = await PageClient.ReadAsync(await client.SubmitAsync(first, "#search-form", submitterName: "Page", submitterValue: "2"));

        Assert.Contains("Hasil pencarian: 55 kartu", first.Text);
        Assert.Equal(50, Rows(first).Count);
        Assert.Equal(5, Rows(second).Count);
        Assert.Empty(Rows(first).Intersect(Rows(second)));
        Assert.DoesNotContain(recorder.Addresses, a => a.Contains("chaniago", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Showing_names_in_the_list_writes_one_audit_entry_per_resident_shown()
    {
        var (card, appointment) = await BookedCardAsync(CardStatus.Printed, "Siti Rahmah Nasution");
        await App.CardAtAsync(CardStatus.Printed); // no appointment, no name: nothing personal shown in the clear
        var (client, _) = await OperatorAsync();
        using var __ = client;

        await client.GetAsync("/staff/cards?status=Printed");
        await SearchAsync(client, "Nasution");

        var audits = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.ViewPersonalData).OrderBy(a => a.At).ToListAsync());
        Assert.Equal(2, audits.Count);
        Assert.All(audits, a => Assert.Equal(card.Id.ToString(), a.SubjectId));
        Assert.All(audits, a => Assert.Equal(appointment.NikHash, a.SubjectNikHash));
    }

    [Fact]
    public async Task Bulk_arrival_moves_only_the_printed_cards_of_a_search_in_one_go_and_says_how_many_moved()
    {
        var printed = new List<Card>();
        for (var i = 0; i < 3; i++) printed.Add((await BookedCardAsync(CardStatus.Printed, "Rahmat Hidayat Lubis")).Card);
        var notYet = (await BookedCardAsync(CardStatus.PrintReady, "Rahmat Hidayat Lubis")).Card;
        var other = (await BookedCardAsync(CardStatus.Printed, "Budi Santoso")).Card;
        var (client, _) = await OperatorAsync();
        using var __ = client;
        var rao = await App.PointIdAsync("kec-rao");

        var found = await SearchAsync(client, "hidayat");
        Assert.Equal(4, Rows(found).Count);
        var response = await client.SubmitAsync(found, "#arrive-form", new Dictionary<string, string> { ["CollectionPointId"] = rao.ToString() },
            submitterName: "Scope", submitterValue: "all");
        AssertRedirect(response, "/staff/cards?status=AtCollectionPoint");
        var list = await client.FollowAsync(response);
        var again = await client.SubmitAsync(found, "#arrive-form", new Dictionary<string, string> { ["CollectionPointId"] = rao.ToString() },
            submitterName: "Scope", submitterValue: "all");

        Assert.Contains("3 kartu tiba di Kantor Camat Rao; 1 kartu tidak dipindah karena statusnya bukan \"Sudah dicetak\".", list.Text);
        Assert.Contains("tidak ada kartu yang dipindah dua kali", (await client.FollowAsync(again)).Text);
        var cards = await App.WithDbAsync(db => db.Cards.Include(c => c.History).ToDictionaryAsync(c => c.Id));
        Assert.All(printed, c => Assert.Equal((CardStatus.AtCollectionPoint, rao), (cards[c.Id].Status, cards[c.Id].CollectionPointId!.Value)));
        Assert.All(printed, c => Assert.Single(cards[c.Id].History));
        Assert.Equal(CardStatus.PrintReady, cards[notYet.Id].Status);
        Assert.Equal(CardStatus.Printed, cards[other.Id].Status);
        // Each resident who left a phone number gets the card-ready message once.
        Assert.Equal(3, await App.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Bulk_arrival_of_the_ticked_cards_needs_a_collection_point_and_moves_nothing_without_one()
    {
        var a = (await BookedCardAsync(CardStatus.Printed, "Rahmat Hidayat Lubis")).Card;
        var b = (await BookedCardAsync(CardStatus.Printed, "Rahmat Hidayat Lubis")).Card;
        var (client, _) = await OperatorAsync();
        using var __ = client;

        var found = await SearchAsync(client, "Lubis", nameof(CardStatus.Printed));
        var refused = await PageClient.ReadAsync(await client.SubmitAsync(found, "#arrive-form",
            new Dictionary<string, string> { ["Cards"] = a.Id.ToString() }, submitterName: "Scope", submitterValue: "selected"));
        Assert.Equal("Pilih tempat pengambilan dari daftar.", refused.FieldError("CollectionPointId"));
        Assert.Equal(HttpStatusCode.OK, refused.Status);

        var moved = await client.FollowAsync(await client.SubmitAsync(found, "#arrive-form",
            new Dictionary<string, string> { ["Cards"] = a.Id.ToString(), ["CollectionPointId"] = (await App.PointIdAsync("dpks")).ToString() },
            submitterName: "Scope", submitterValue: "selected"));

        Assert.Contains("1 kartu tiba di Kantor Dinas Kependudukan dan Pencatatan Sipil.", moved.Text);
        var statuses = await App.WithDbAsync(db => db.Cards.ToDictionaryAsync(c => c.Id, c => c.Status));
        Assert.Equal(CardStatus.AtCollectionPoint, statuses[a.Id]);
        Assert.Equal(CardStatus.Printed, statuses[b.Id]);
    }
}
