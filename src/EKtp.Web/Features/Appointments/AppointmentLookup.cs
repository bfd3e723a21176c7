using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Appointments;

/// <summary>
/// A booking code and the NIK it was made with: what every lookup asks for (/booking/manage, /status,
/// /service-status/my-appointment, /status/my-data, the rebook buttons, and the API's lookup and cancel).
/// </summary>
public class LookupInput
{
    public string? Code { get; set; }
    public string? Nik { get; set; }
}

public sealed class LookupInputValidator : AbstractValidator<LookupInput>
{
    public LookupInputValidator(IStringLocalizer<AppointmentText> l)
    {
        RuleFor(x => x.Code).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(CodeMissing(l, BookingCode.Example));
            else if (!BookingCode.IsWellFormed(BookingCode.Normalize(value))) ctx.AddFailure(CodeMalformed(l, BookingCode.Prefix));
        });
        RuleFor(x => x.Nik).Custom((value, ctx) =>
        {
            var nik = Nik.Normalize(value);
            if (nik.Length == 0) ctx.AddFailure(l["Isi NIK Anda (16 angka, ada di KK)."]);
            else if (nik.Length != 16 || !nik.All(char.IsAsciiDigit)) ctx.AddFailure(l["NIK harus 16 angka."]);
        });
    }

    /// <summary>The code field's messages, worded with the deployment's example code and prefix (<c>Booking:CodePrefix</c>).</summary>
    public static string CodeMissing(IStringLocalizer<AppointmentText> l, string example) => l["Isi kode janji temu, misalnya {0}.", example];

    /// <inheritdoc cref="CodeMissing"/>
    public static string CodeMalformed(IStringLocalizer<AppointmentText> l, string prefix) =>
        l["Kode janji temu terdiri dari {0} dan {1} huruf atau angka.", prefix, BookingCode.Length];
}

/// <summary>
/// The one lookup by code and NIK: checks the input, finds the appointment, and words "not matched" once. One indexed
/// query whether the code, the NIK or both are wrong, and the same answer for each: a lookup tells nobody whether a
/// NIK is known.
/// </summary>
public sealed class AppointmentLookup(EKtpDbContext db, PersonalDataProtector protector, IValidator<LookupInput> validator,
    IStringLocalizer<AppointmentText> l)
{
    /// <summary>The message when code and NIK match no appointment (pages put it above the form, the API in its 404).</summary>
    public string NotMatched => l["Kode janji temu dan NIK tidak cocok dengan janji mana pun. Periksa keduanya."];

    /// <summary>
    /// The appointment (untracked, with slot, stop, nagari and point), or null with each message in the model state:
    /// beside its field, or under the empty key when code and NIK match no appointment.
    /// </summary>
    public async Task<Appointment?> FindAsync(LookupInput input, ModelStateDictionary modelState, CancellationToken ct = default)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) modelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (!result.IsValid) return null;
        var appointment = await FindAsync(input, ct);
        if (appointment is null) modelState.AddModelError("", NotMatched);
        return appointment;
    }

    /// <summary>The appointment for an input already validated, or null when code and NIK do not match.</summary>
    public Task<Appointment?> FindAsync(LookupInput input, CancellationToken ct = default)
    {
        var code = BookingCode.Normalize(input.Code);
        var nikHash = protector.Hash(Nik.Normalize(input.Nik));
        return db.Appointments.AsNoTracking()
            .Include(a => a.Slot).ThenInclude(s => s!.MobileStop).ThenInclude(m => m!.Village)
            .Include(a => a.ServicePoint)
            .Where(a => a.Code == code && a.NikHash == nikHash)
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The failures of an input, for the API's 400 (the pages use <see cref="FindAsync(LookupInput, ModelStateDictionary, CancellationToken)"/>).</summary>
    public async Task<IReadOnlyList<FluentValidation.Results.ValidationFailure>> ValidateAsync(LookupInput input, CancellationToken ct = default) =>
        (await validator.ValidateAsync(input, ct)).Errors;
}
