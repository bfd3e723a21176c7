using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Admin;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.MyData;

public sealed class MyDataInput
{
    public string Code { get; set; } = "";
    public string Nik { get; set; } = "";
}

public sealed class MyDataInputValidator : AbstractValidator<MyDataInput>
{
    public MyDataInputValidator(IStringLocalizer<AdminText> l)
    {
        RuleFor(x => x.Code).Must(c => BookingCode.IsWellFormed(BookingCode.Normalize(c)))
            .WithMessage(l["Kode janji temu berbentuk PSM-XXXXXXX."]);
        RuleFor(x => x.Nik).Must(n => Domain.Nik.Normalize(n) is { Length: 16 } s && s.All(char.IsAsciiDigit))
            .WithMessage(l["NIK terdiri dari 16 angka."]);
    }
}

public sealed record HeldAppointment(string Code, ServiceType Service, AppointmentStatus Status, DateTimeOffset? Start, string? PointName,
    string MaskedNik, string MaskedKk, string MaskedName, DateOnly BirthDate, string MaskedPhone, string? MaskedEmail, string VillageCode,
    DateTimeOffset CreatedAt);

public sealed record HeldCard(CardStatus Status, DateTimeOffset UpdatedAt, string? CollectionPoint);

public sealed record HeldRecording(DateTimeOffset At, string? PointName, RecordingOutcome Outcome);

public sealed record StaffAccess(DateTimeOffset At, string? Role, string? PointName, string Action, string? Reason);

public sealed record MyDataReport(List<HeldAppointment> Appointments, List<HeldCard> Cards, List<HeldRecording> Recordings,
    List<StaffAccess> Accesses);

/// <summary>
/// A resident's right of access (UU 27/2022 Pasal 32): after the code of one of their appointments and their NIK,
/// what the portal holds about that NIK, masked, and every recorded staff access to it, by role and service point,
/// never by name. The answer is rendered on the POST and never redirected, so nothing personal reaches a URL.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class MyDataController(EKtpDbContext db, PersonalDataProtector protector, AuditLog audit, IStringLocalizer<AdminText> l)
    : Controller
{
    public const string Path = "/status/my-data";

    [HttpGet(Path)]
    public IActionResult Index() => View(new MyDataInput());

    [HttpPost(Path)]
    public async Task<IActionResult> Index(MyDataInput input, [FromServices] IValidator<MyDataInput> validator, CancellationToken ct)
    {
        foreach (var e in (await validator.ValidateAsync(input, ct)).Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (!ModelState.IsValid) return View(Cleared(input));
        var code = BookingCode.Normalize(input.Code);
        var hash = protector.Hash(Domain.Nik.Normalize(input.Nik));
        if (!await db.Appointments.AnyAsync(a => a.Code == code && a.NikHash == hash, ct))
        {
            ModelState.AddModelError(string.Empty, l["Kode dan NIK tidak cocok dengan janji temu mana pun."]);
            return View(Cleared(input));
        }
        ViewData["Report"] = await ReportAsync(hash, ct);
        // The resident's own request is recorded too (no staff, so it is not listed as a staff access).
        await audit.WriteAsync(AuditActions.ResidentViewedOwnData, "resident", null, hash, ct: ct);
        return View(Cleared(input));
    }

    private static MyDataInput Cleared(MyDataInput input) => new() { Code = input.Code };

    private async Task<MyDataReport> ReportAsync(byte[] hash, CancellationToken ct)
    {
        var points = await db.ServicePoints.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        string? PointName(Guid? id) => id is { } x && points.TryGetValue(x, out var n) ? n : null;

        var appointments = await db.Appointments.AsNoTracking().Include(a => a.Slot)
            .Where(a => a.NikHash == hash).OrderByDescending(a => a.CreatedAt).ToListAsync(ct);
        var cards = await db.Cards.AsNoTracking().Where(c => c.NikHash == hash).ToListAsync(ct);
        var recordings = await db.Recordings.AsNoTracking().Where(r => r.NikHash == hash).OrderByDescending(r => r.RecordedAt).ToListAsync(ct);
        var accesses = await db.AuditEntries.AsNoTracking().Where(a => a.SubjectNikHash == hash && a.UserId != null).OrderByDescending(a => a.At).Take(500)
            .Select(a => new { a.At, a.Role, a.ServicePointId, a.Action, a.Reason }).ToListAsync(ct);

        return new MyDataReport(
            appointments.Select(a => new HeldAppointment(a.Code, a.Service, a.Status, a.Slot?.StartsAt, PointName(a.ServicePointId),
                Masking.MaskLastFour(protector.Decrypt(a.NikCipher)),
                a.KkCipher.Length == 0 ? "" : Masking.MaskLastFour(protector.Decrypt(a.KkCipher)),
                Masking.MaskName(a.FullName), a.BirthDate, Masking.MaskPhone(a.Phone),
                a.Email is null ? null : MaskEmail(a.Email), a.VillageCode, a.CreatedAt)).ToList(),
            cards.Select(c => new HeldCard(c.Status, c.UpdatedAt, PointName(c.CollectionPointId))).ToList(),
            recordings.Select(r => new HeldRecording(r.RecordedAt, PointName(r.ServicePointId), r.Outcome)).ToList(),
            accesses.Select(a => new StaffAccess(a.At, a.Role, PointName(a.ServicePointId), a.Action, a.Reason)).ToList());
    }

    private static string MaskEmail(string email)
    {
        var at = email.IndexOf('@');
        return at <= 1 ? "***" + email[Math.Max(at, 0)..] : email[0] + new string('*', at - 1) + email[at..];
    }
}
