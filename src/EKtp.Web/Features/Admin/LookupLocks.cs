using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Admin;

/// <summary>
/// The locks of failed lookups now in force (decision 1313): booking codes by name, NIKs and KK numbers (decision 1417)
/// only as counts.
/// </summary>
public sealed record LookupLocksView(IReadOnlyList<(string Code, DateTimeOffset Until)> Codes, int Niks, int Kks = 0);

public sealed partial class AdminController
{
    public const string LookupLocksPath = "/admin/lookup-locks";
    public const string AuditLookupLockLifted = "lookup-lock-lifted";

    [HttpGet(LookupLocksPath)]
    public async Task<IActionResult> LookupLocks(CancellationToken ct) => await LookupLocksViewAsync(ct);

    /// <summary>
    /// Lifts the lock of one booking code or one NIK (typed at the counter from the resident's slip or card; in the POST
    /// body only), clears its count, and audits it. The same answer whether or not it was locked.
    /// </summary>
    [HttpPost(LookupLocksPath)]
    public async Task<IActionResult> LiftLookupLock([FromForm] string? value, [FromServices] LookupLockouts lockouts,
        [FromServices] PersonalDataProtector protector, CancellationToken ct)
    {
        var code = BookingCode.Normalize(value);
        var nik = Nik.Normalize(value);
        if (BookingCode.IsWellFormed(code))
        {
            await lockouts.LiftAsync(LookupLockouts.CodeKey(code), ct);
            await audit.WriteAsync(AuditLookupLockLifted, "appointment-code", code, ct: ct);
        }
        else if (nik.Length == 16 && nik.All(char.IsAsciiDigit))
        {
            var hash = protector.Hash(nik);
            await lockouts.LiftAsync(LookupLockouts.NikKey(hash), ct);
            await audit.WriteAsync(AuditLookupLockLifted, "nik", null, hash, ct: ct);
        }
        else
        {
            ModelState.AddModelError("value", l["Isi kode janji temu atau NIK (16 angka)."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LookupLocksViewAsync(ct);
        }
        TempData["Flash"] = l["Kunci pencarian untuk {0} dibuka; hitungan percobaannya dimulai dari nol.",
            BookingCode.IsWellFormed(code) ? code : Masking.MaskIdNumber(nik)].Value;
        return Redirect(LookupLocksPath);
    }

    private async Task<IActionResult> LookupLocksViewAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var locked = await db.LookupLockouts.AsNoTracking().Where(x => x.LockedUntil > now).OrderBy(x => x.LockedUntil)
            .Select(x => new { x.Key, x.LockedUntil }).ToListAsync(ct);
        var codes = locked.Where(x => x.Key.StartsWith("code:", StringComparison.Ordinal)).Select(x => (x.Key["code:".Length..], x.LockedUntil!.Value)).ToList();
        return View("LookupLocks", new LookupLocksView(codes, locked.Count(x => x.Key.StartsWith("nik:", StringComparison.Ordinal)),
            locked.Count(x => x.Key.StartsWith("kk:", StringComparison.Ordinal))));
    }
}
