using Microsoft.Extensions.Options;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Cards;

/// <summary>Where cards should go, and what that move needs (the printing point, the collection point, a reason).</summary>
public sealed class MoveInput
{
    /// <summary>The cards, each as <c>id:version</c> (the version the page showed, for optimistic concurrency).</summary>
    public List<string> Cards { get; set; } = [];
    public CardStatus? To { get; set; }
    public Guid? PrintingPointId { get; set; }
    public Guid? CollectionPointId { get; set; }
    public string? Reason { get; set; }
    public string? Note { get; set; }

    public static string Ref(Card card) => $"{card.Id}:{card.Version}";

    public IReadOnlyList<CardRef> Refs() => Cards.Select(c => c.Split(':')).Where(p => Guid.TryParse(p[0], out _))
        .Select(p => new CardRef(Guid.Parse(p[0]), p.Length > 1 && uint.TryParse(p[1], out var v) ? v : null))
        .DistinctBy(r => r.CardId).ToList();
}

public sealed record CardRef(Guid CardId, uint? Version);

public sealed class MoveValidator : AbstractValidator<MoveInput>
{
    public MoveValidator(IStringLocalizer<StaffText> l)
    {
        RuleFor(x => x.To).NotNull().WithMessage(l["Pilih status tujuan."]);
        RuleFor(x => x.PrintingPointId).NotNull().When(x => x.To == CardStatus.Printed)
            .WithMessage(l["Pilih tempat pencetakan."]);
        RuleFor(x => x.CollectionPointId).NotNull().When(x => x.To == CardStatus.AtCollectionPoint)
            .WithMessage(l["Pilih tempat pengambilan."]);
        RuleFor(x => x.Reason).NotEmpty().When(x => x.To == CardStatus.EnrollmentFailed)
            .WithMessage(l["Tuliskan alasan kegagalan dari pusat."]);
        RuleFor(x => x.Reason).MaximumLength(300).WithMessage(l["Alasan paling banyak 300 karakter."]);
        RuleFor(x => x.Note).MaximumLength(300).WithMessage(l["Catatan paling banyak 300 karakter."]);
    }
}

public sealed record CardMoveError(Guid? CardId, string Message, string? Field = null);

/// <summary>What a bulk arrival did: how many moved, how many were left (not printed, or not found), or why nothing was tried.</summary>
public sealed record ArrivalResult(int Moved, int Skipped, bool Repeated, string? CollectionPoint, string? Error, string? Field)
{
    public static ArrivalResult Refused(string error, string field) => new(0, 0, false, null, error, field);
}

public sealed record CardMoveResult(int Moved, IReadOnlyList<CardMoveError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Moves one card or many through the pipeline in one transaction: every card must be allowed the move and unchanged
/// since the page showed it, or nothing moves. Printing takes blanks from the printing point's stock; reaching the
/// collection point queues a "card ready" message when the resident left a phone number with their appointment.
/// </summary>
public sealed class CardMover(EKtpDbContext db, TimeProvider clock, SubmitOnce once, IStringLocalizer<StaffText> l, IOptions<SiteOptions> site)
{
    public async Task<CardMoveResult> MoveAsync(IReadOnlyList<CardRef> refs, MoveInput move, Guid byId, Guid? atPointId,
        CancellationToken ct = default)
    {
        if (refs.Count == 0) return Failed(null, l["Pilih minimal satu kartu."], nameof(MoveInput.Cards));
        var to = move.To!.Value;
        ServicePoint? printing = null, collection = null;
        if (to == CardStatus.Printed)
        {
            printing = await db.ServicePoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == move.PrintingPointId && p.CanPrint, ct);
            if (printing is null) return Failed(null, l["Pilih tempat pencetakan yang memiliki printer."], nameof(MoveInput.PrintingPointId));
        }
        if (to == CardStatus.AtCollectionPoint)
        {
            collection = await db.ServicePoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == move.CollectionPointId && p.IsActive, ct);
            if (collection is null) return Failed(null, l["Pilih tempat pengambilan dari daftar."], nameof(MoveInput.CollectionPointId));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = refs.Select(r => r.CardId).ToList();
        var cards = await db.Cards.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var errors = new List<CardMoveError>();
        foreach (var r in refs)
        {
            if (!cards.TryGetValue(r.CardId, out var card)) errors.Add(new(r.CardId, l["Kartu tidak ditemukan."]));
            else if (r.Version is { } v && v != card.Version)
                errors.Add(new(r.CardId, l["Kartu ini baru saja diubah petugas lain; muat ulang halaman."]));
            else if (RefusalMessage(l, card, to, clock.Today()) is { } refused)
                errors.Add(new(r.CardId, refused));
        }
        if (errors.Count > 0) return new CardMoveResult(0, errors);

        var now = clock.GetUtcNow();
        if (printing is not null)
        {
            if (!await BlankStock.TakeAsync(db, printing.Id, refs.Count, ct))
                return Failed(null, l["Stok blanko di {0} tidak cukup: sisa {1}, perlu {2}.", printing.Name,
                    await BlankStock.BalanceAsync(db, printing.Id, ct), refs.Count], nameof(MoveInput.PrintingPointId));
            foreach (var card in cards.Values)
                db.BlankStock.Add(new BlankStockEntry
                {
                    ServicePointId = printing.Id, Kind = BlankStockKind.Used, Quantity = 1, CardId = card.Id, At = now, ById = byId,
                });
        }

        foreach (var r in refs)
        {
            var card = cards[r.CardId];
            if (r.Version is { } v) db.Entry(card).Property(c => c.Version).OriginalValue = v;
            await ApplyAsync(card, move, printing, collection, byId, atPointId, now, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failed(null, l["Sebagian kartu baru saja diubah petugas lain; tidak ada yang dipindah. Muat ulang halaman."]);
        }
        await tx.CommitAsync(ct);
        return new CardMoveResult(refs.Count, []);
    }

    /// <summary>
    /// Bulk "arrived at the collection point" from a search (decision 1521): in one transaction, of the cards asked for
    /// only those whose state allows the move (printed) move, the others are counted and left as they are. The cards
    /// are locked first, so one moved by someone else meanwhile is judged by its state after that move. A form sent
    /// twice moves the cards once.
    /// </summary>
    public async Task<ArrivalResult> ArriveAsync(IReadOnlyList<Guid> cardIds, Guid? collectionPointId, string? note, Guid byId, Guid? atPointId,
        Guid? formKey, CancellationToken ct = default)
    {
        var ids = cardIds.Distinct().ToArray();
        if (ids.Length == 0) return ArrivalResult.Refused(l["Pilih minimal satu kartu."], nameof(MoveInput.Cards));
        var collection = await db.ServicePoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == collectionPointId && p.IsActive, ct);
        if (collection is null) return ArrivalResult.Refused(l["Pilih tempat pengambilan dari daftar."], nameof(MoveInput.CollectionPointId));
        if (note?.Length > 300) return ArrivalResult.Refused(l["Catatan paling banyak 300 karakter."], nameof(MoveInput.Note));
        var move = new MoveInput { To = CardStatus.AtCollectionPoint, CollectionPointId = collection.Id, Note = note };
        int moved = 0, found = 0;
        var submitted = await once.RunAsync("cards-arrive", formKey, async c =>
        {
            await using var tx = await db.Database.BeginOrJoinTransactionAsync(c);
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cards WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", c);
            var cards = await db.Cards.Where(x => ids.Contains(x.Id)).ToListAsync(c);
            found = cards.Count;
            var now = clock.GetUtcNow();
            foreach (var card in cards.Where(x => CardTransitions.IsAllowed(x.Status, CardStatus.AtCollectionPoint)))
            {
                await ApplyAsync(card, move, null, collection, byId, atPointId, now, c);
                moved++;
            }
            if (moved == 0) return null;
            await db.SaveChangesAsync(c);
            await tx.CommitAsync(c);
            return Guid.CreateVersion7();
        }, ct);
        return submitted.Repeated ? new ArrivalResult(0, 0, true, collection.Name, null, null) : new ArrivalResult(moved, ids.Length - moved, false, collection.Name, null, null);
    }

    /// <summary>One card's move, its history line and what the new state needs; saved by the caller.</summary>
    private async Task ApplyAsync(Card card, MoveInput move, ServicePoint? printing, ServicePoint? collection, Guid byId, Guid? atPointId,
        DateTimeOffset now, CancellationToken ct)
    {
        var to = move.To!.Value;
        db.CardStatusChanges.Add(new CardStatusChange
        {
            CardId = card.Id, From = card.Status, To = to, At = now, ById = byId, ServicePointId = printing?.Id ?? collection?.Id ?? atPointId,
            Note = Trimmed(to == CardStatus.EnrollmentFailed ? move.Reason : move.Note),
        });
        card.Status = to;
        card.UpdatedAt = now;
        switch (to)
        {
            case CardStatus.EnrollmentFailed: card.FailureReason = Trimmed(move.Reason); break;
            case CardStatus.SentForEnrollment: card.FailureReason = null; break;
            case CardStatus.SuketIssued: card.SuketValidUntil = clock.Today().AddMonths(CardTransitions.SuketValidMonths); break;
            case CardStatus.AtCollectionPoint:
                card.CollectionPointId = collection!.Id;
                await QueueCardReadyAsync(card, collection, ct);
                break;
        }
    }

    private async Task QueueCardReadyAsync(Card card, ServicePoint collection, CancellationToken ct)
    {
        var phone = await db.Appointments.AsNoTracking().Where(a => a.NikHash == card.NikHash && a.Phone != "")
            .OrderByDescending(a => a.CreatedAt).Select(a => a.Phone).FirstOrDefaultAsync(ct)
            // A walk-in has no appointment: the phone given at the counter, on the ticket of the card's recording.
            ?? await db.QueueTickets.AsNoTracking()
                .Where(t => t.Phone != null && db.Recordings.Any(r => r.Id == card.RecordingId && r.QueueTicketId == t.Id))
                .Select(t => t.Phone).FirstOrDefaultAsync(ct);
        if (phone is null) return;
        db.Enqueue(clock, NotificationKinds.CardReady, $"card-ready:{card.Id}:{card.RecordingId}", phone,
            NotificationTexts.CardReady(collection.Name, site.Value));
    }

    /// <summary>Why this card may not make this move today (<see cref="CardTransitions.Refusal"/>), or null when it may.</summary>
    public static string? RefusalMessage(IStringLocalizer<StaffText> l, Card card, CardStatus to, DateOnly today) =>
        CardTransitions.Refusal(card.Status, to, card.PrintableFrom, today) switch
        {
            CardMoveRefusal.None => null,
            CardMoveRefusal.BeforeSeventeenthBirthday => l["Kartu pemula ini baru boleh dicetak mulai ulang tahun ke-17 ({0}); sampai itu statusnya \"{1}\".",
                WibText.Date(card.PrintableFrom!.Value), l[CardTransitions.Name(CardStatus.WaitingForAge)]].Value,
            CardMoveRefusal.NothingToWaitFor => l["Pemilik kartu ini sudah berusia 17 tahun; kartunya tidak perlu menunggu."].Value,
            _ => l["Kartu berstatus \"{0}\" tidak dapat dipindah ke \"{1}\".", l[CardTransitions.Name(card.Status)], l[CardTransitions.Name(to)]].Value,
        };

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static CardMoveResult Failed(Guid? cardId, string message, string? field = null) => new(0, [new(cardId, message, field)]);
}
