using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Status;

/// <summary>The NIK and the KK number, both on the family card: how anyone finds their card without a code.</summary>
public sealed class CardLookupInput
{
    public string? Nik { get; set; }
    public string? KkNumber { get; set; }
}

public sealed class CardLookupInputValidator : AbstractValidator<CardLookupInput>
{
    public CardLookupInputValidator(IStringLocalizer<BookingText> l)
    {
        RuleFor(x => x.Nik).Custom((value, ctx) =>
        {
            var nik = Nik.Normalize(value);
            if (nik.Length == 0) ctx.AddFailure(l["Isi NIK Anda (16 angka, ada di KK)."]);
            else if (nik.Length != 16 || !nik.All(char.IsAsciiDigit)) ctx.AddFailure(l["NIK harus 16 angka."]);
        });
        RuleFor(x => x.KkNumber).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(l["Isi nomor Kartu Keluarga (16 angka)."]);
            else if (!KkNumber.IsValid(value)) ctx.AddFailure(l["Nomor KK harus 16 angka, diawali kode wilayah yang sah."]);
        });
    }
}

/// <summary>A walk-in's visit found by its status code and NIK: the ticket, where it was issued, and the NIK's keyed hash.</summary>
public sealed record WalkInVisit(string StatusCode, string Label, DateOnly ServiceDate, string PointName, byte[] NikHash);

/// <summary>What a code and a NIK found on /status: an appointment, or a walk-in's visit.</summary>
public sealed record StatusMatch(Appointment? Appointment, WalkInVisit? WalkIn);

/// <summary>
/// The lookups of /status beyond the appointment's (issue 14, item 6; decision 1417). A code and a NIK find an
/// appointment, or else a walk-in ticket with that status code whose recording holds that NIK; the NIK and the KK
/// number find the card whose latest recording was made with both. Each runs under the lockout of its keys (code and
/// NIK, or NIK and KK) through <see cref="AppointmentLookup.GuardAsync"/>: 5 failures in 24 hours lock them for an
/// hour, audited, 429 with Retry-After. The KK number is compared as its keyed hash only.
/// </summary>
public sealed class FindCard(EKtpDbContext db, AppointmentLookup lookup, PersonalDataProtector protector,
    IValidator<CardLookupInput> validator, IStringLocalizer<BookingText> l, IHttpContextAccessor http)
{
    /// <summary>The model-state prefix of the NIK and KK form, so its messages stay beside its own fields.</summary>
    public const string CardPrefix = "Card";

    public string CardNotMatched =>
        l["NIK dan nomor KK tidak cocok dengan kartu mana pun. Periksa keduanya, atau cari dengan kode janji temu atau kode status dari petugas."];

    public string CardLocked(DateTimeOffset until) =>
        l["Terlalu banyak percobaan yang salah untuk NIK atau nomor KK ini, jadi pencarian dikunci sampai {0} WIB. Anda tetap dapat dilayani di loket: datang dengan KTP atau KK Anda.",
            WibText.At(until)];

    /// <summary>The appointment of the code and NIK, or the walk-in ticket whose status code it is; messages in the model state.</summary>
    public async Task<StatusMatch?> ByCodeAsync(LookupInput input, ModelStateDictionary modelState, CancellationToken ct)
    {
        var errors = await lookup.ValidateAsync(input, ct);
        foreach (var e in errors) modelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (errors.Count > 0) return null;
        var code = BookingCode.Normalize(input.Code);
        var nikHash = protector.Hash(Nik.Normalize(input.Nik));
        var (found, locked) = await lookup.GuardAsync([LookupLockouts.CodeKey(code), LookupLockouts.NikKey(nikHash)], "appointment-code",
            code, nikHash, async c => await lookup.QueryAsync(code, nikHash, c) is { } a
                ? new StatusMatch(a, null)
                : await WalkInAsync(code, nikHash, c) is { } w ? new StatusMatch(null, w) : null, ct);
        Report(modelState, "", found is not null, locked, lookup.NotMatched, lookup.LockedMessage);
        return found;
    }

    /// <summary>The card of the NIK whose latest known KK number is the one typed; messages under <see cref="CardPrefix"/>.</summary>
    public async Task<Card?> ByNikAndKkAsync(CardLookupInput input, ModelStateDictionary modelState, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) modelState.AddModelError(CardPrefix + "." + e.PropertyName, e.ErrorMessage);
        if (!result.IsValid) return null;
        var nikHash = protector.Hash(Nik.Normalize(input.Nik));
        var kkHash = protector.Hash(Nik.Normalize(input.KkNumber));
        var (card, locked) = await lookup.GuardAsync([LookupLockouts.NikKey(nikHash), LookupLockouts.KkKey(kkHash)], "card-lookup", null,
            nikHash, c => db.Cards.AsNoTracking().Include(x => x.CollectionPoint)
                .SingleOrDefaultAsync(x => x.NikHash == nikHash && x.KkHash == kkHash, c), ct);
        Report(modelState, CardPrefix, card is not null, locked, CardNotMatched, CardLocked);
        return card;
    }

    private async Task<WalkInVisit?> WalkInAsync(string code, byte[] nikHash, CancellationToken ct)
    {
        var visit = await (from t in db.QueueTickets.AsNoTracking()
                           join r in db.Recordings.AsNoTracking() on t.Id equals r.QueueTicketId
                           join p in db.ServicePoints.AsNoTracking() on t.ServicePointId equals p.Id
                           where t.StatusCode == code && r.NikHash == nikHash
                           select new { t.Series, t.Number, t.ServiceDate, p.Name }).FirstOrDefaultAsync(ct);
        return visit is null ? null : new WalkInVisit(code, QueueOrder.Label(visit.Series, visit.Number), visit.ServiceDate, visit.Name, nikHash);
    }

    private void Report(ModelStateDictionary modelState, string key, bool found, DateTimeOffset? locked, string notMatched,
        Func<DateTimeOffset, string> lockedMessage)
    {
        if (locked is { } until)
        {
            modelState.AddModelError(key, lockedMessage(until));
            if (http.HttpContext?.Response is { HasStarted: false } response) lookup.AnswerLocked(response, until);
        }
        else if (!found) modelState.AddModelError(key, notMatched);
    }
}
