using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Cards;

/// <summary>
/// A card search: one box for a NIK, a booking (or walk-in status) code or part of a name, and a status. Posted, never
/// sent in an address: a NIK or a name in a query string would land in access logs and browser history.
/// </summary>
public sealed class CardSearchInput
{
    public string? Query { get; set; }
    public CardStatus? Status { get; set; }
    public int Page { get; set; } = 1;
}

public enum CardQueryKind { None, Nik, Code, Name }

public sealed class CardSearchValidator : AbstractValidator<CardSearchInput>
{
    public CardSearchValidator(IStringLocalizer<StaffText> l)
    {
        RuleFor(x => x.Query).MaximumLength(100).WithMessage(l["Pencarian paling banyak 100 karakter."]);
        RuleFor(x => x.Query).Must(q => CardSearch.KindOf(q) != CardQueryKind.None)
            .When(x => !string.IsNullOrWhiteSpace(x.Query) && x.Query.Length <= 100)
            .WithMessage(l["Ketik NIK (16 angka), kode janji (contoh {0}) atau paling sedikit {1} huruf nama.", BookingCode.Example, CardSearch.MinNameLength]);
        RuleFor(x => x.Status).NotNull().When(x => string.IsNullOrWhiteSpace(x.Query))
            .WithMessage(l["Ketik NIK, nama atau kode janji, atau pilih status."]);
    }
}

public sealed class CardSearch(EKtpDbContext db, PersonalDataProtector protector)
{
    public const int MinNameLength = 3;

    /// <summary>
    /// What was typed: 16 digits are a NIK (found by its keyed hash, so a part of a NIK finds nothing); a booking code
    /// has a digit or the prefix (a name has neither); anything else of three letters or more is part of a name.
    /// </summary>
    public static CardQueryKind KindOf(string? query)
    {
        var q = (query ?? "").Trim();
        if (q.Length == 0) return CardQueryKind.None;
        var digits = Nik.Normalize(q);
        if (digits.All(char.IsAsciiDigit)) return digits.Length == 16 ? CardQueryKind.Nik : CardQueryKind.None;
        var code = BookingCode.Normalize(q);
        if (BookingCode.IsWellFormed(code) && (q.Any(char.IsAsciiDigit) || q.ToUpperInvariant().StartsWith(BookingCode.Prefix[..^1], StringComparison.Ordinal)))
            return CardQueryKind.Code;
        return q.Count(char.IsLetter) >= MinNameLength && !q.Any(char.IsAsciiDigit) ? CardQueryKind.Name : CardQueryKind.None;
    }

    /// <summary>The cards the search finds; the caller orders and pages them.</summary>
    public IQueryable<Card> Filter(CardSearchInput input)
    {
        var cards = db.Cards.AsNoTracking();
        if (input.Status is { } status) cards = cards.Where(c => c.Status == status);
        var q = (input.Query ?? "").Trim();
        switch (KindOf(q))
        {
            case CardQueryKind.Nik:
                var hash = protector.Hash(Nik.Normalize(q));
                cards = cards.Where(c => c.NikHash == hash);
                break;
            case CardQueryKind.Code:
                var code = BookingCode.Normalize(q);
                // A booked resident's card is theirs by NIK; a walk-in's by the recording of the ticket that carries the code.
                cards = cards.Where(c => db.Appointments.Any(a => a.Code == code && a.NikHash == c.NikHash)
                    || db.Recordings.Any(r => r.Id == c.RecordingId && db.QueueTickets.Any(t => t.Id == r.QueueTicketId && t.StatusCode == code)));
                break;
            case CardQueryKind.Name:
                var pattern = "%" + q.Replace("\\", "").Replace("%", "").Replace("_", "") + "%";
                cards = cards.Where(c => db.Appointments.Any(a => a.NikHash == c.NikHash && a.PersonalDataErasedAt == null
                    && EF.Functions.ILike(a.FullName, pattern)));
                break;
        }
        return cards;
    }
}
