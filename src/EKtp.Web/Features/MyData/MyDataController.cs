using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.MyData;

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
public sealed class MyDataController(EKtpDbContext db, PersonalDataProtector protector, AppointmentLookup lookup, AuditLog audit)
    : Controller
{
    public const string Path = "/status/my-data";

    [HttpGet(Path)]
    public IActionResult Index() => View(new LookupInput());

    [HttpPost(Path)]
    public async Task<IActionResult> Index(LookupInput input, CancellationToken ct)
    {
        var appointment = await lookup.FindAsync(input, ModelState, ct);
        if (appointment is null) return View(Cleared(input));
        var hash = appointment.NikHash;
        ViewData["Report"] = await ReportAsync(hash, ct);
        // The resident's own request is recorded too (no staff, so it is not listed as a staff access).
        await audit.WriteAsync(AuditActions.ResidentViewedOwnData, "resident", null, hash, ct: ct);
        return View(Cleared(input));
    }

    private static LookupInput Cleared(LookupInput input) => new() { Code = input.Code };

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
                Masking.MaskIdNumber(protector.Decrypt(a.NikCipher)),
                a.KkCipher.Length == 0 ? "" : Masking.MaskIdNumber(protector.Decrypt(a.KkCipher)),
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
