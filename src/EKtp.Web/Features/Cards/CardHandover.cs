using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Cards;

public sealed record WaitingCard(Guid Id, string MaskedNik, DateTimeOffset Since);

public sealed record HandoverPage(ServicePoint Point, IReadOnlyList<WaitingCard> Waiting, int Total);

/// <summary>
/// Card handover at a point's counter: the resident's NIK (typed from the KTP-el or the slip, never in a URL) finds the
/// card waiting at this point, which moves AtCollectionPoint → Collected by one conditional statement, with its history
/// row and an audit entry. At a field node the move is a cache of the fact, journalled (<c>CardCollected</c>); the hub
/// applies it or, when the card meanwhile changed there, raises a review item (decision 1207: cards are the hub's).
/// </summary>
public sealed class CardHandover(EKtpDbContext db, TimeProvider clock, PersonalDataProtector protector, AuditLog audit, FieldJournal journal,
    IStringLocalizer<StaffText> l)
{
    public const string AuditAction = "card-collected";
    public const int Listed = 100;

    public async Task<HandoverPage> ReadAsync(ServicePoint point, CancellationToken ct = default)
    {
        var waiting = db.Cards.AsNoTracking().Where(c => c.CollectionPointId == point.Id && c.Status == CardStatus.AtCollectionPoint);
        var rows = await waiting.OrderBy(c => c.UpdatedAt).Take(Listed).Select(c => new { c.Id, c.NikCipher, c.UpdatedAt }).ToListAsync(ct);
        return new HandoverPage(point, rows.Select(r => new WaitingCard(r.Id, Masking.MaskIdNumber(protector.Decrypt(r.NikCipher)), r.UpdatedAt)).ToList(),
            await waiting.CountAsync(ct));
    }

    /// <summary>Hands the card of <paramref name="nikInput"/> over; null when done, else the message for the operator.</summary>
    public async Task<string?> HandOverAsync(ServicePoint point, string? nikInput, Guid byId, CancellationToken ct = default)
    {
        if (Nik.Check(nikInput, clock.Today(), out var nik) != NikProblem.None) return l["NIK harus 16 angka yang sah."];
        var hash = protector.Hash(nik.Value);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var card = await db.Cards.AsNoTracking().Where(c => c.NikHash == hash).Select(c => new { c.Id, c.Status, c.CollectionPointId }).SingleOrDefaultAsync(ct);
        if (card is null || card.CollectionPointId != point.Id) return l["Tidak ada kartu untuk NIK ini di tempat layanan ini."];
        if (card.Status == CardStatus.Collected) return l["Kartu ini sudah diserahkan."];
        var now = clock.GetUtcNow();
        var moved = await db.Cards.Where(c => c.Id == card.Id && c.Status == CardStatus.AtCollectionPoint)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CardStatus.Collected).SetProperty(c => c.UpdatedAt, now), ct);
        if (moved == 0) return l["Kartu berstatus \"{0}\" belum dapat diserahkan.", l[CardTransitions.Name(card.Status)]];
        var change = db.CardStatusChanges.Add(new CardStatusChange
        {
            CardId = card.Id, From = CardStatus.AtCollectionPoint, To = CardStatus.Collected, At = now, ById = byId, ServicePointId = point.Id,
        }).Entity;
        await audit.AddAsync(AuditAction, "card", card.Id.ToString(), hash, ct: ct);
        await db.SaveChangesAsync(ct);
        await journal.CardCollectedAsync(change, point.Id, ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
