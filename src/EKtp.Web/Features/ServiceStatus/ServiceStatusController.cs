using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Disruptions;
using EKtp.Web.Features.Shared;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.ServiceStatus;

public sealed record ServiceStatusPage(IReadOnlyList<PointStatus> Points, DateTimeOffset UpdatedAt, bool Stale = false);

public sealed record AppointmentSummary(string Code, string PointName, string? Place, DateTimeOffset StartsAt, AppointmentStatus Status);

public sealed class MyAppointmentPage
{
    public LookupInput Input { get; init; } = new();
    public AppointmentSummary? Found { get; init; }
    public AffectedAppointmentView? Affected { get; init; }
}

/// <summary>
/// Public: every service point's state today, and a resident's own appointment with the disruption notice and the
/// one-click rebook (found by code and NIK in a POST body; never in the address).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class ServiceStatusController(ServiceStatusReader status, RebookAffectedAppointment rebook,
    AppointmentLookup lookup, IValidator<RebookInput> rebookValidator, IStringLocalizer<ServiceStatusText> l)
    : Controller
{
    public const string Path = "/service-status";
    public const string MyAppointmentPath = "/service-status/my-appointment";
    public const string RebookPath = "/service-status/rebook";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var snapshot = await status.ReadOrLastKnownAsync(ct);
        if (snapshot.Stale) DatabaseOutage.Answer(Response);
        return View(new ServiceStatusPage(snapshot.Points, snapshot.At, snapshot.Stale));
    }

    [HttpGet(MyAppointmentPath)]
    public IActionResult MyAppointment() => View(new MyAppointmentPage());

    [HttpPost(MyAppointmentPath)]
    public async Task<IActionResult> MyAppointment(LookupInput input, CancellationToken ct)
    {
        NoStore();
        // The NIK is not echoed into the lookup form, found or not.
        var a = await lookup.FindAsync(input, ModelState, ct);
        if (a is null) return View(new MyAppointmentPage { Input = new LookupInput { Code = input.Code } });
        var affected = await rebook.DescribeAsync(a, input.Nik!, MyAppointmentPath, ct);
        var summary = new AppointmentSummary(a.Code, a.ServicePoint!.Name, a.Slot!.MobileStop?.Place, a.Slot.StartsAt, a.Status);
        return View(new MyAppointmentPage { Input = new LookupInput { Code = a.Code }, Found = summary, Affected = affected });
    }

    [HttpPost(RebookPath)]
    public async Task<IActionResult> Rebook(RebookInput input, CancellationToken ct)
    {
        NoStore();
        var back = Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl! : MyAppointmentPath;
        var valid = await rebookValidator.ValidateAsync(input, ct);
        if (!valid.IsValid)
        {
            TempData["Flash"] = l["Pilihan jadwal tidak lengkap. Cari janji Anda lagi."].Value;
            return LocalRedirect(back);
        }
        var result = await rebook.HandleAsync(input, ct);
        TempData["Flash"] = result.Outcome switch
        {
            RebookOutcome.Moved => l["Janji {0} dipindahkan ke {1} di {2}.", BookingCode.Normalize(input.Code), WibText.At(result.To!.StartsAt),
                result.To.Place is null ? result.To.PointName : result.To.PointName + ", " + result.To.Place].Value,
            RebookOutcome.NotAffected => l["Janji ini sudah dipindahkan atau tidak perlu dipindahkan."].Value,
            RebookOutcome.NoSlot => l["Maaf, tidak ada jadwal kosong lagi. Janji Anda tidak berubah."].Value,
            RebookOutcome.Locked => lookup.LockedMessage(result.LockedUntil!.Value),
            _ => lookup.NotMatched,
        };
        return LocalRedirect(back);
    }

    private void NoStore() => Response.Headers.CacheControl = "no-store";
}
