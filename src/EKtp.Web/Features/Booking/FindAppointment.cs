using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Booking;

/// <summary>A booking code and the NIK it was made with: what /booking/manage, /status and the lookup API ask for.</summary>
public sealed class LookupInput
{
    public string? Code { get; set; }
    public string? Nik { get; set; }
}

public sealed class LookupInputValidator : AbstractValidator<LookupInput>
{
    public LookupInputValidator(IStringLocalizer<BookingText> l)
    {
        RuleFor(x => x.Code).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(l["Isi kode janji, misalnya PSM-7K3Q2XQ."]);
            else if (!BookingCode.IsWellFormed(BookingCode.Normalize(value))) ctx.AddFailure(l["Kode janji terdiri dari PSM- dan 7 huruf atau angka."]);
        });
        RuleFor(x => x.Nik).Custom((value, ctx) =>
        {
            var nik = Nik.Normalize(value);
            if (nik.Length == 0) ctx.AddFailure(l["Isi NIK Anda (16 angka, ada di KK)."]);
            else if (nik.Length != 16 || !nik.All(char.IsAsciiDigit)) ctx.AddFailure(l["NIK harus 16 angka."]);
        });
    }
}

public static class FindAppointment
{
    /// <summary>
    /// The appointment with this code whose NIK matches, or null. One indexed query whether the code, the NIK or both
    /// are wrong, and the same answer for each: a lookup tells nobody whether a NIK is known.
    /// </summary>
    public static Task<Appointment?> FindByCodeAndNikAsync(this EKtpDbContext db, PersonalDataProtector protector, string? code, string? nik,
        CancellationToken ct = default)
    {
        var normalizedCode = BookingCode.Normalize(code);
        var nikHash = protector.Hash(Nik.Normalize(nik));
        return db.Appointments.AsNoTracking()
            .Include(a => a.Slot).ThenInclude(s => s!.MobileStop).ThenInclude(m => m!.Village)
            .Include(a => a.ServicePoint)
            .Where(a => a.Code == normalizedCode && a.NikHash == nikHash)
            .SingleOrDefaultAsync(ct);
    }
}
