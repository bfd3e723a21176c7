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

/// <summary>What a lookup found: the appointment, or nothing, or that the code or NIK is locked until a time.</summary>
public sealed record LookupResult(Appointment? Appointment, DateTimeOffset? LockedUntil = null)
{
    public bool Locked => LockedUntil is not null;
}

/// <summary>
/// The one lookup by code and NIK: checks the input, finds the appointment, and words "not matched" once. One indexed
/// query whether the code, the NIK or both are wrong, and the same answer for each: a lookup tells nobody whether a
/// NIK is known. Every lookup is counted against the code and the NIK (<see cref="LookupLockouts"/>): after
/// <c>LookupLockout:MaxFailures</c> failures either is locked, and a lookup of it is refused, right or wrong, and
/// audit-logged.
/// </summary>
public sealed class AppointmentLookup(EKtpDbContext db, PersonalDataProtector protector, IValidator<LookupInput> validator,
    IStringLocalizer<AppointmentText> l, LookupLockouts lockouts, AuditLog audit, IHttpContextAccessor http, TimeProvider clock)
{
    public const string AuditLocked = "lookup-locked";
    public const string AuditRefused = "lookup-refused-locked";

    /// <summary>The message when code and NIK match no appointment (pages put it above the form, the API in its 404).</summary>
    public string NotMatched => l["Kode janji temu dan NIK tidak cocok dengan janji mana pun. Periksa keduanya."];

    /// <summary>The message while a code or NIK is locked: until when, and that the counter still serves.</summary>
    public string LockedMessage(DateTimeOffset until) =>
        l["Terlalu banyak percobaan yang salah untuk kode janji temu atau NIK ini, jadi pencarian, perubahan dan pembatalan dikunci sampai {0} WIB. Anda tetap dapat dilayani di loket: datang dengan KTP atau KK Anda.",
            WibText.At(until)];

    /// <summary>
    /// The appointment (untracked, with slot, stop, nagari and point), or null with each message in the model state:
    /// beside its field, or under the empty key when code and NIK match no appointment or are locked (then the page
    /// answers 429 with Retry-After).
    /// </summary>
    public async Task<Appointment?> FindAsync(LookupInput input, ModelStateDictionary modelState, CancellationToken ct = default)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) modelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (!result.IsValid) return null;
        var found = await FindAsync(input, ct);
        if (found.LockedUntil is { } until)
        {
            modelState.AddModelError("", LockedMessage(until));
            if (http.HttpContext?.Response is { HasStarted: false } response) AnswerLocked(response, until);
        }
        else if (found.Appointment is null) modelState.AddModelError("", NotMatched);
        return found.Appointment;
    }

    /// <summary>The appointment for an input already validated, nothing when code and NIK do not match, or the lock.</summary>
    public async Task<LookupResult> FindAsync(LookupInput input, CancellationToken ct = default)
    {
        var code = BookingCode.Normalize(input.Code);
        var nikHash = protector.Hash(Nik.Normalize(input.Nik));
        var (appointment, locked) = await GuardAsync([LookupLockouts.CodeKey(code), LookupLockouts.NikKey(nikHash)], "appointment-code", code,
            nikHash, c => QueryAsync(code, nikHash, c), ct);
        return new(appointment, locked);
    }

    /// <summary>The appointment of a code and a NIK's keyed hash (untracked, with slot, stop, nagari and point), unguarded.</summary>
    public Task<Appointment?> QueryAsync(string code, byte[] nikHash, CancellationToken ct) =>
        db.Appointments.AsNoTracking()
            .Include(a => a.Slot).ThenInclude(s => s!.MobileStop).ThenInclude(m => m!.Village)
            .Include(a => a.ServicePoint)
            .Where(a => a.Code == code && a.NikHash == nikHash)
            .SingleOrDefaultAsync(ct);

    /// <summary>
    /// Runs one lookup under the lockout of its keys (a code and a NIK, or a NIK and a KK number; decisions 1309 and
    /// 1417): claims an attempt on every key first, refuses while any is locked, clears the counts when
    /// <paramref name="find"/> finds something, and audits a lock and each refused try (subject the code, if any, and
    /// the NIK's keyed hash, never a number in clear).
    /// </summary>
    public async Task<(T? Found, DateTimeOffset? LockedUntil)> GuardAsync<T>(string[] keys, string subjectType, string? subjectId,
        byte[] nikHash, Func<CancellationToken, Task<T?>> find, CancellationToken ct) where T : class
    {
        var claim = await lockouts.ClaimAsync(keys, ct);
        if (!claim.Allowed)
        {
            await audit.WriteAsync(AuditRefused, subjectType, subjectId, nikHash, ct: ct);
            return (null, claim.LockedUntil);
        }
        var found = await find(ct);
        if (found is not null)
        {
            await lockouts.SucceededAsync(keys, ct);
            return (found, null);
        }
        if (claim.LocksOnFailureUntil is not { } lockedUntil) return (null, null);
        // This failure was the last one allowed: the resident is told now, not on the next try.
        await audit.WriteAsync(AuditLocked, subjectType, subjectId, nikHash, ct: ct);
        return (null, lockedUntil);
    }

    /// <summary>Until when an appointment found earlier (the manage page's cookie) is locked for change and cancel, if it is.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(Guid appointmentId, CancellationToken ct = default)
    {
        var a = await db.Appointments.AsNoTracking().Where(x => x.Id == appointmentId).Select(x => new { x.Code, x.NikHash }).SingleOrDefaultAsync(ct);
        return a is null ? null : await lockouts.LockedUntilAsync(a.Code, a.NikHash, ct);
    }

    /// <summary>429 with Retry-After in whole seconds until the lock ends.</summary>
    public void AnswerLocked(HttpResponse response, DateTimeOffset until)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = Math.Max(1, (long)Math.Ceiling((until - clock.GetUtcNow()).TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The failures of an input, for the API's 400 (the pages use <see cref="FindAsync(LookupInput, ModelStateDictionary, CancellationToken)"/>).</summary>
    public async Task<IReadOnlyList<FluentValidation.Results.ValidationFailure>> ValidateAsync(LookupInput input, CancellationToken ct = default) =>
        (await validator.ValidateAsync(input, ct)).Errors;
}
