using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Features.Status;
using EKtp.Web.Features.Shared;
using EKtp.Web.Infrastructure;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Api;

public sealed record BookingCreatedDto(string Code, Guid SlotId, string Start, string ServicePointCode, string Status);

public sealed record CardDto(string Status, string? CollectionPoint);

public sealed record BookingLookupDto(string Code, string Status, string Start, string ServicePointCode, CardDto? Card);

public sealed record CancelInput(string? Nik, string? Reason);

public sealed record SlotSuggestionDto(Guid Id, string Start, string End, int Available);

/// <summary>
/// The bookings of API version 1 (PRODUCT.md), on the same validator and use cases as the pages. JSON only and no cookies,
/// so antiforgery does not apply; the rate limit does.
/// </summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("api/v1/bookings")]
[EnableRateLimiting(RateLimits.Public)]
public sealed class BookingsApiController(IValidator<BookingInput> validator, AppointmentLookup lookup, BookAppointment booking,
    ChangeAppointment change, CheckStatus status, AppointmentWords words, IOptions<BookingOptions> options, IStringLocalizer<BookingText> l)
    : ControllerBase
{
    /// <summary>Books a slot. An <c>Idempotency-Key</c> header (a GUID) makes a retried request return the same appointment.</summary>
    [HttpPost]
    public async Task<IActionResult> Create([FromBody] BookingInput input, [FromHeader(Name = "Idempotency-Key")] Guid? idempotencyKey,
        CancellationToken ct)
    {
        input.IdempotencyKey = idempotencyKey;
        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid) return Invalid(result.Errors);
        var outcome = await booking.BookAsync(input, ct);
        return outcome.Result switch
        {
            BookingResult.Booked => Created((string?)null, new BookingCreatedDto(outcome.Appointment!.Code, outcome.Slot!.Id,
                ApiFormat.Time(outcome.Slot.StartsAt), outcome.Slot.ServicePoint!.Code, ApiFormat.Kebab(outcome.Appointment.Status))),
            BookingResult.SlotNotFound => Invalid([new ValidationFailure(nameof(BookingInput.SlotId), l["Jadwal tidak ditemukan."])]),
            // A request repeated after its appointment was cancelled (or served) created nothing: say what became of it.
            BookingResult.NoLongerActive => NoLongerActive(outcome.Appointment!),
            BookingResult.Duplicate => Conflict("duplicate-booking",
                l["NIK ini sudah memiliki janji aktif untuk layanan yang sama. Ubah atau batalkan janji itu di /booking/manage."], []),
            BookingResult.SlotFull => Conflict("slot-full", l["Jadwal ini sudah penuh. Pilih salah satu jadwal berikutnya yang masih ada tempat."],
                outcome.NextSlots),
            _ => Conflict(outcome.Why is SlotRefusal.None or SlotRefusal.Closed ? "slot-closed" : "slot-" + ApiFormat.Kebab(outcome.Why),
                SlotRefusalWords.Of(l, outcome.Why, options.Value.WindowDays)
                    ?? l["Jadwal ini sudah ditutup sejak Anda memilihnya. Pilih salah satu jadwal berikutnya."], outcome.NextSlots),
        };
    }

    [HttpPost("lookup")]
    public async Task<IActionResult> Lookup([FromBody] LookupInput input, CancellationToken ct)
    {
        if (await lookup.ValidateAsync(input, ct) is { Count: > 0 } errors) return Invalid(errors);
        var found = await lookup.FindAsync(input, ct);
        if (found.LockedUntil is { } until) return Locked(until);
        if (found.Appointment is not { } appointment) return NotMatched();
        var view = await status.DescribeAsync(appointment, ct);
        return Ok(new BookingLookupDto(appointment.Code, ApiFormat.Kebab(appointment.Status), ApiFormat.Time(appointment.Slot!.StartsAt),
            appointment.ServicePoint!.Code,
            view.Card is { } card ? new CardDto(ApiFormat.Kebab(card.Status), card.CollectionPoint?.Code) : null));
    }

    [HttpPost("{code}/cancel")]
    public async Task<IActionResult> Cancel(string code, [FromBody] CancelInput input, CancellationToken ct)
    {
        var find = new LookupInput { Code = code, Nik = input.Nik };
        if (await lookup.ValidateAsync(find, ct) is { Count: > 0 } errors) return Invalid(errors);
        var found = await lookup.FindAsync(find, ct);
        if (found.LockedUntil is { } until) return Locked(until);
        if (found.Appointment is not { } appointment) return NotMatched();
        var outcome = await change.CancelAsync(appointment.Id, input.Reason, ct);
        return outcome.Result switch
        {
            ChangeResult.Done => Ok(new { code = appointment.Code, status = ApiFormat.Kebab(AppointmentStatus.Cancelled) }),
            ChangeResult.PastCutoff => Conflict("past-cutoff",
                l["Janji tidak dapat dibatalkan kurang dari {0} jam sebelum jadwal.", options.Value.ChangeCutoffHours], []),
            ChangeResult.NotActive => Conflict("not-active", l["Janji ini tidak aktif lagi (sudah dibatalkan, dilayani, atau lewat)."], []),
            _ => NotMatched(),
        };
    }

    /// <summary>400 with the errors per field, named as the JSON names them (camelCase).</summary>
    private ObjectResult Invalid(IEnumerable<ValidationFailure> errors)
    {
        var byField = errors.GroupBy(e => JsonName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        return ValidationProblem(new ValidationProblemDetails(byField) { Title = l["Data yang dikirim belum benar."], Status = 400 }) as ObjectResult
            ?? throw new InvalidOperationException();
    }

    private ObjectResult NotMatched() => Problem(statusCode: 404, title: lookup.NotMatched);

    /// <summary>429 <c>lookup-locked</c> with Retry-After (decision 1310): too many failed lookups of this code or NIK.</summary>
    private ObjectResult Locked(DateTimeOffset until)
    {
        lookup.AnswerLocked(Response, until);
        var problem = new ProblemDetails { Status = 429, Title = lookup.LockedMessage(until), Type = "https://ektp.pasamankab.go.id/problems/lookup-locked" };
        problem.Extensions["lockedUntil"] = ApiFormat.Time(until);
        return new ObjectResult(problem) { StatusCode = 429, ContentTypes = { "application/problem+json" } };
    }

    /// <summary>409 <c>not-active</c>, with the appointment's code and its status as the API words it.</summary>
    private ObjectResult NoLongerActive(Appointment earlier)
    {
        var result = Conflict("not-active", l["Permintaan ini sudah membuat janji {0}, yang kini berstatus: {1}. Untuk janji baru, kirim permintaan baru.",
            earlier.Code, words.Of(earlier.Status)], []);
        var problem = (ProblemDetails)result.Value!;
        problem.Extensions["code"] = earlier.Code;
        problem.Extensions["status"] = ApiFormat.Kebab(earlier.Status);
        return result;
    }

    private ObjectResult Conflict(string type, string title, IReadOnlyList<SlotChoice> next)
    {
        var problem = new ProblemDetails { Status = 409, Title = title, Type = "https://ektp.pasamankab.go.id/problems/" + type };
        if (next.Count > 0)
            problem.Extensions["nextSlots"] = next.Select(s => new SlotSuggestionDto(s.Id, ApiFormat.Time(s.StartsAt), ApiFormat.Time(s.EndsAt), s.Available));
        return new ObjectResult(problem) { StatusCode = 409, ContentTypes = { "application/problem+json" } };
    }

    private static string JsonName(string property) => property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];
}
