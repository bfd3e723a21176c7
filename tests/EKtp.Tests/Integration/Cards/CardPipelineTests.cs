using EKtp.Web.Infrastructure;
using System.Text;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Tests.Unit;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Cards;
using EKtp.Web.Features.Queue;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Cards;

[Collection(StaffDatabaseCollection.Name)]
public class CardPipelineTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task<PageClient> DpksOperatorAsync()
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, "dpks"));
        return client;
    }

    private async Task ReceiveBlanksAsync(string point, int quantity) => await App.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<EKtpDbContext>();
        var p = await db.ServicePoints.AsNoTracking().SingleAsync(x => x.Code == point);
        return await sp.GetRequiredService<BlankStock>().RecordAsync(p, new StockInput { Kind = BlankStockKind.Received, Quantity = quantity }, Guid.NewGuid());
    });

    private Task<CardMoveResult> MoveAsync(IEnumerable<Card> cards, MoveInput move, Guid by) => App.InScopeAsync(sp =>
        sp.GetRequiredService<CardMover>().MoveAsync(cards.Select(c => new CardRef(c.Id, c.Version)).ToList(), move, by, null));

    private async Task<MoveInput> MoveTo(CardStatus to) => new()
    {
        To = to, Reason = to == CardStatus.EnrollmentFailed ? "Sidik jari tidak terbaca di pusat" : null,
        PrintingPointId = to == CardStatus.Printed ? await App.PointIdAsync("dpks") : null,
        CollectionPointId = to == CardStatus.AtCollectionPoint ? await App.PointIdAsync("kec-rao") : null,
    };

    [Fact]
    public async Task A_resident_recorded_again_starts_the_same_card_over_with_a_new_history_line()
    {
        // A replacement (lost, damaged) or a data change records a resident whose card exists: the card goes back to
        // Recorded and its history gains a line. The history line used to be saved as an UPDATE of a row that did
        // not exist (a new entity reached through the tracked card's collection), which failed the whole recording.
        var point = await App.PointIdAsync("dpks");
        var nikHash = Encoding.UTF8.GetBytes("recorded-again-" + Guid.NewGuid().ToString("N"));
        Recording Recording() => new()
        {
            ServicePointId = point, NikHash = nikHash, NikCipher = [1, 2, 3], Service = ServiceType.ReplacementLost,
            Outcome = RecordingOutcome.Recorded, RecordedAt = App.Clock.GetUtcNow(), RecordedById = Guid.NewGuid(),
        };
        async Task RecordAsync(Recording recording) => await App.WithDbAsync(async db =>
        {
            db.Recordings.Add(recording);
            await db.PutCardAtRecordedAsync(point, recording, recording.RecordedById, recording.RecordedAt, default);
            await db.SaveChangesAsync();
        });
        var first = Recording();
        await RecordAsync(first);
        var card = await App.WithDbAsync(db => db.Cards.SingleAsync(c => c.NikHash == nikHash));
        Assert.True((await MoveAsync([card], await MoveTo(CardStatus.SentForEnrollment), Guid.NewGuid())).Ok);

        var again = Recording();
        await RecordAsync(again);

        var (status, recordingId, history) = await App.WithDbAsync(async db => (
            await db.Cards.Where(c => c.Id == card.Id).Select(c => c.Status).SingleAsync(),
            await db.Cards.Where(c => c.Id == card.Id).Select(c => c.RecordingId).SingleAsync(),
            await db.CardStatusChanges.Where(h => h.CardId == card.Id).OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To).ToListAsync()));
        Assert.Equal((CardStatus.Recorded, again.Id), (status, recordingId));
        Assert.Equal([CardStatus.Recorded, CardStatus.SentForEnrollment, CardStatus.Recorded], history);
    }

    [Fact]
    public async Task Each_legal_transition_moves_the_card_and_records_who_and_when()
    {
        await ReceiveBlanksAsync("dpks", 10);
        foreach (var (from, to) in CardTransitionsTests.Legal)
        {
            // Only a pemula's card before the 17th birthday is put to wait (SchoolDriveTests has the age rule itself).
            var card = await App.CardAtAsync(from, printableFrom: to == CardStatus.WaitingForAge ? App.Clock.Today().AddDays(30) : null);
            var by = Guid.NewGuid();

            var result = await MoveAsync([card], await MoveTo(to), by);

            Assert.True(result.Ok, $"{from} -> {to}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            var after = await App.WithDbAsync(db => db.Cards.Include(c => c.History).SingleAsync(c => c.Id == card.Id));
            Assert.Equal(to, after.Status);
            var change = Assert.Single(after.History);
            Assert.Equal((from, to, by, App.Clock.GetUtcNow()), (change.From!.Value, change.To, change.ById, change.At));
            Assert.NotEqual(card.Version, after.Version);
        }
    }

    [Fact]
    public async Task Every_illegal_transition_is_refused_with_a_clear_message_and_changes_nothing()
    {
        await ReceiveBlanksAsync("dpks", 10);
        foreach (var args in CardTransitionsTests.IllegalMoves)
        {
            var (from, to) = ((CardStatus)args[0], (CardStatus)args[1]);
            if (to == CardStatus.Recorded && from == CardStatus.Recorded) continue; // the move form never offers "Recorded"
            var card = await App.CardAtAsync(from);

            var result = await MoveAsync([card], await MoveTo(to), Guid.NewGuid());

            var error = Assert.Single(result.Errors);
            Assert.Equal($"Kartu berstatus \"{CardTransitions.Name(from)}\" tidak dapat dipindah ke \"{CardTransitions.Name(to)}\".", error.Message);
            var after = await App.WithDbAsync(db => db.Cards.Include(c => c.History).SingleAsync(c => c.Id == card.Id));
            Assert.Equal(from, after.Status);
            Assert.Empty(after.History);
        }
        Assert.Equal(10, await App.WithDbAsync(db => db.BlankStockBalances.Select(b => b.Balance).SingleAsync()));
    }

    [Fact]
    public async Task Printing_uses_the_printing_points_blanks_and_is_refused_when_too_few_are_left()
    {
        await ReceiveBlanksAsync("dpks", 2);
        var cards = new List<Card>();
        for (var i = 0; i < 3; i++) cards.Add(await App.CardAtAsync(CardStatus.PrintReady));
        var move = await MoveTo(CardStatus.Printed);

        var tooMany = await MoveAsync(cards, move, Guid.NewGuid());
        Assert.Equal("Stok blanko di Kantor Dinas Kependudukan dan Pencatatan Sipil tidak cukup: sisa 2, perlu 3.", Assert.Single(tooMany.Errors).Message);
        Assert.Equal(0, await App.WithDbAsync(db => db.Cards.CountAsync(c => c.Status == CardStatus.Printed)));

        var two = await MoveAsync(cards.Take(2), move, Guid.NewGuid());
        Assert.True(two.Ok);
        var (balance, used) = await App.WithDbAsync(async db => (
            await db.BlankStockBalances.Select(b => b.Balance).SingleAsync(),
            await db.BlankStock.Where(e => e.Kind == BlankStockKind.Used).ToListAsync()));
        Assert.Equal(0, balance);
        Assert.Equal(cards.Take(2).Select(c => c.Id).Order(), used.Select(u => u.CardId!.Value).Order());
        var last = await MoveAsync(cards.Skip(2), move, Guid.NewGuid());
        Assert.Contains("sisa 0, perlu 1", Assert.Single(last.Errors).Message);
    }

    [Fact]
    public async Task A_point_without_a_printer_cannot_print()
    {
        var card = await App.CardAtAsync(CardStatus.PrintReady);
        var move = await MoveTo(CardStatus.Printed);
        move.PrintingPointId = await App.PointIdAsync("kec-rao");

        var result = await MoveAsync([card], move, Guid.NewGuid());

        Assert.Equal(nameof(MoveInput.PrintingPointId), Assert.Single(result.Errors).Field);
    }

    [Fact]
    public async Task A_card_changed_by_someone_else_since_the_page_was_shown_is_not_moved()
    {
        var card = await App.CardAtAsync(CardStatus.Recorded);
        var first = await MoveAsync([card], await MoveTo(CardStatus.SentForEnrollment), Guid.NewGuid());
        Assert.True(first.Ok);

        // The same page, still showing the old version, tries another move.
        var second = await MoveAsync([card], await MoveTo(CardStatus.DuplicateRecord), Guid.NewGuid());

        Assert.Equal("Kartu ini baru saja diubah petugas lain; muat ulang halaman.", Assert.Single(second.Errors).Message);
        Assert.Equal(CardStatus.SentForEnrollment, await App.WithDbAsync(db => db.Cards.Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_walk_in_who_gave_a_phone_at_the_counter_receives_the_card_ready_message()
    {
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == "kec-rao"));
        var issued = await App.InScopeAsync(sp =>
            sp.GetRequiredService<EKtp.Web.Features.Queue.WalkIn>().RunAsync(point, new EKtp.Web.Features.Queue.WalkInInput { Phone = "0813 1122 3344" }));
        var card = await App.CardAtAsync(CardStatus.Printed);
        await App.WithDbAsync(async db =>
        {
            var recording = new Recording
            {
                ServicePointId = point.Id, QueueTicketId = issued.TicketId, NikHash = card.NikHash, NikCipher = card.NikCipher,
                Outcome = RecordingOutcome.Recorded, RecordedAt = App.Clock.GetUtcNow(), RecordedById = Guid.NewGuid(),
            };
            db.Recordings.Add(recording);
            await db.SaveChangesAsync();
            return await db.Cards.Where(c => c.Id == card.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.RecordingId, recording.Id));
        });
        card = await App.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync(c => c.Id == card.Id));

        var result = await MoveAsync([card], await MoveTo(CardStatus.AtCollectionPoint), Guid.NewGuid());

        Assert.True(result.Ok);
        var message = await App.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal((NotificationKinds.CardReady, "+6281311223344"), (message.Kind, message.Recipient));
    }

    [Fact]
    public async Task Arriving_at_the_collection_point_queues_a_card_ready_message_when_the_phone_is_known()
    {
        var nik = StaffTestData.NewNik();
        await App.BookAsync("kec-rao", nik: nik, phone: "+6281277788899");
        var known = await App.CardAtAsync(CardStatus.Printed, nik);
        var unknown = await App.CardAtAsync(CardStatus.Printed);

        var result = await MoveAsync([known, unknown], await MoveTo(CardStatus.AtCollectionPoint), Guid.NewGuid());

        Assert.True(result.Ok);
        var message = await App.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal(NotificationKinds.CardReady, message.Kind);
        Assert.Equal("+6281277788899", message.Recipient);
        Assert.Equal(NotificationTexts.CardReady("Kantor Camat Rao", new SiteOptions()), message.Body);
        Assert.DoesNotContain(nik, message.Body);
        var rao = await App.PointIdAsync("kec-rao");
        Assert.All(await App.WithDbAsync(db => db.Cards.ToListAsync()), c => Assert.Equal(rao, c.CollectionPointId));
    }

    [Fact]
    public async Task A_suket_is_valid_for_six_months_and_handover_marks_the_card_collected()
    {
        await ReceiveBlanksAsync("dpks", 1);
        var card = await App.CardAtAsync(CardStatus.PrintReady);
        Assert.True((await MoveAsync([card], await MoveTo(CardStatus.SuketIssued), Guid.NewGuid())).Ok);
        Assert.Equal(App.Clock.Today().AddMonths(6), await App.WithDbAsync(db => db.Cards.Select(c => c.SuketValidUntil).SingleAsync()));

        foreach (var to in new[] { CardStatus.Printed, CardStatus.AtCollectionPoint, CardStatus.Collected })
        {
            card = await App.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync());
            Assert.True((await MoveAsync([card], await MoveTo(to), Guid.NewGuid())).Ok);
        }
        var history = await App.WithDbAsync(db => db.CardStatusChanges.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To).ToListAsync());
        Assert.Equal([CardStatus.SuketIssued, CardStatus.Printed, CardStatus.AtCollectionPoint, CardStatus.Collected], history);
    }

    [Fact]
    public async Task Staff_select_many_cards_on_the_list_and_move_them_together_or_not_at_all()
    {
        var cards = new List<Card>();
        for (var i = 0; i < 3; i++) cards.Add(await App.CardAtAsync(CardStatus.Recorded));
        using var client = await DpksOperatorAsync();
        var list = await client.GetAsync("/staff/cards?status=Recorded");
        Assert.Equal(3, list.Document.QuerySelectorAll("#cards-table tbody tr").Length);
        Assert.DoesNotContain(App.Get<EKtp.Web.Infrastructure.PersonalDataProtector>().Decrypt(cards[0].NikCipher), list.Html);

        // One card moves elsewhere meanwhile: the bulk move of all three is refused as a whole.
        await MoveAsync([cards[2]], await MoveTo(CardStatus.DuplicateRecord), Guid.NewGuid());
        var refs = list.Document.QuerySelectorAll("#cards-table input[name='Cards']").Select(i => i.GetAttribute("value")!).ToList();
        var fields = new List<KeyValuePair<string, string>>(refs.Select(r => new KeyValuePair<string, string>("Cards", r)))
        {
            new("To", "SentForEnrollment"),
            new("__RequestVerificationToken", list.Document.QuerySelector("#move-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!),
        };
        var refused = await PageClient.ReadAsync(await client.Http.PostAsync("/staff/cards/move?status=Recorded", new FormUrlEncodedContent(fields)));
        Assert.Contains("Tidak ada kartu yang dipindah", refused.Text);
        Assert.Equal(0, await App.WithDbAsync(db => db.Cards.CountAsync(c => c.Status == CardStatus.SentForEnrollment)));

        var fresh = await client.GetAsync("/staff/cards?status=Recorded");
        var boxes = fresh.Document.QuerySelectorAll("#cards-table input[name='Cards']").Select(i => i.GetAttribute("value")!).ToList();
        fields = [.. boxes.Select(r => new KeyValuePair<string, string>("Cards", r)), new("To", "SentForEnrollment"),
            new("__RequestVerificationToken", fresh.Document.QuerySelector("#move-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!)];
        var moved = await client.Http.PostAsync("/staff/cards/move?status=Recorded", new FormUrlEncodedContent(fields));
        AssertRedirect(moved, "/staff/cards?status=SentForEnrollment");
        Assert.Equal(2, await App.WithDbAsync(db => db.Cards.CountAsync(c => c.Status == CardStatus.SentForEnrollment)));
    }

    [Fact]
    public async Task A_card_page_shows_the_NIK_for_the_handover_check_and_audits_the_view()
    {
        var nik = StaffTestData.NewNik();
        var card = await App.CardAtAsync(CardStatus.Recorded, nik);
        using var client = await DpksOperatorAsync();

        var page = await client.GetAsync($"/staff/cards/{card.Id}");
        var moved = await client.SubmitAsync(page, "#move-one-form", new Dictionary<string, string> { ["To"] = "SentForEnrollment" });

        Assert.Contains(nik, page.Html);
        AssertRedirect(moved, $"/staff/cards/{card.Id}");
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == EKtp.Web.Infrastructure.AuditActions.ViewPersonalData));
        Assert.Equal(card.Id.ToString(), audit.SubjectId);
        Assert.Equal(card.NikHash, audit.SubjectNikHash);
        Assert.False(string.IsNullOrEmpty(audit.Reason));
        Assert.Equal(CardStatus.SentForEnrollment, await App.WithDbAsync(db => db.Cards.Select(c => c.Status).SingleAsync()));
    }

    private static async Task<HttpResponseMessage> UploadAsync(PageClient client, string csv, string to)
    {
        var page = await client.GetAsync("/staff/cards/import");
        var form = new MultipartFormDataContent
        {
            { new StringContent(page.Document.QuerySelector("#import-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent(to), "To" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "nik.csv" },
        };
        return await client.Http.PostAsync("/staff/cards/import", form);
    }

    [Fact]
    public async Task An_import_with_bad_rows_shows_each_error_and_applies_nothing()
    {
        var ready = StaffTestData.NewNik();
        var wrongState = StaffTestData.NewNik();
        await App.CardAtAsync(CardStatus.Recorded, ready);
        await App.CardAtAsync(CardStatus.Collected, wrongState);
        var noCard = StaffTestData.NewNik();
        using var client = await DpksOperatorAsync();

        var csv = $"nik\n{ready}\n12345\n{wrongState}\n{noCard}\n{ready}\n";
        var preview = await PageClient.ReadAsync(await UploadAsync(client, csv, "SentForEnrollment"));

        var rows = preview.Document.QuerySelectorAll("#preview-table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Contains("NIK tidak sah", rows[1]);
        Assert.Contains("tidak dapat dipindah", rows[2]);
        Assert.Contains("Tidak ada kartu untuk NIK ini.", rows[3]);
        Assert.Contains("sudah ada di baris sebelumnya", rows[4]);
        Assert.Null(preview.Document.QuerySelector("#apply-form"));
        Assert.DoesNotContain(ready, preview.Html);
        Assert.Contains($"{ready[..4]} **** **** {ready[^4..]}", preview.Html);
        Assert.Equal(0, await App.WithDbAsync(db => db.CardStatusChanges.CountAsync()));
    }

    [Fact]
    public async Task A_clean_import_is_previewed_then_applied_to_every_card_it_lists()
    {
        var niks = Enumerable.Range(0, 3).Select(_ => StaffTestData.NewNik()).ToList();
        foreach (var nik in niks) await App.CardAtAsync(CardStatus.Recorded, nik);
        await App.CardAtAsync(CardStatus.Recorded);
        using var client = await DpksOperatorAsync();

        var preview = await PageClient.ReadAsync(await UploadAsync(client, string.Join("\r\n", niks), "SentForEnrollment"));
        Assert.Equal(0, await App.WithDbAsync(db => db.CardStatusChanges.CountAsync()));
        var applyForm = preview.Document.QuerySelector("#apply-form");
        Assert.NotNull(applyForm);
        Assert.All(niks, n => Assert.DoesNotContain(n, applyForm.OuterHtml));

        var applied = await client.SubmitAsync(preview, "#apply-form");

        AssertRedirect(applied, "/staff/cards?status=SentForEnrollment");
        Assert.Equal(3, await App.WithDbAsync(db => db.Cards.CountAsync(c => c.Status == CardStatus.SentForEnrollment)));
        Assert.Equal(1, await App.WithDbAsync(db => db.Cards.CountAsync(c => c.Status == CardStatus.Recorded)));
    }
}
