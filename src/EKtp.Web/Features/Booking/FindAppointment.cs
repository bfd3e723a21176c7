using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
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
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(l["Isi kode janji temu, misalnya PSM-7K3Q2XQ."]);
            else if (!BookingCode.IsWellFormed(BookingCode.Normalize(value))) ctx.AddFailure(l["Kode janji temu terdiri dari PSM- dan 7 huruf atau angka."]);
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

/// <summary>
/// The lookup form of /booking/manage and /status: checks the code and the NIK, finds the appointment, and puts each
/// message in the model state: beside its field, or one message when code and NIK match no appointment.
/// </summary>
public sealed class AppointmentLookup(EKtpDbContext db, PersonalDataProtector protector, IValidator<LookupInput> validator,
    IStringLocalizer<BookingText> l)
{
    public async Task<Appointment?> FindAsync(LookupInput input, ModelStateDictionary modelState, CancellationToken ct = default)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) modelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (!result.IsValid) return null;
        var appointment = await db.FindByCodeAndNikAsync(protector, input.Code, input.Nik, ct);
        if (appointment is null) modelState.AddModelError("", l["Kode janji temu dan NIK tidak cocok dengan janji mana pun. Periksa keduanya."]);
        return appointment;
    }
}
