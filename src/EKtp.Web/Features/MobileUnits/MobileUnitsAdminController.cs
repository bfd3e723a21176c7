using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.HomeVisits;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.MobileUnits;

public sealed record VillageOption(string Code, string Name, string Kecamatan);

public sealed record StopRow(Guid Id, string Unit, DateOnly Date, string Village, string Place, TimeOnly Start, TimeOnly End,
    int Capacity, int Booked, MobileStopStatus Status);

public sealed class StopsPage
{
    public MobileStopInput Input { get; init; } = new();
    public IReadOnlyList<StopRow> Stops { get; init; } = [];
    public IReadOnlyList<(string Code, string Name)> Units { get; init; } = [];
    public IReadOnlyList<VillageOption> Villages { get; init; } = [];
    public IReadOnlyList<(NagariCoverage Coverage, string Name)> Suggestions { get; init; } = [];
    public Guid? EditingId { get; init; }
    public int EditingBooked { get; init; }
    /// <summary>The home visits planned into each stop's day (issue 15, item A1).</summary>
    public ILookup<Guid, StopHomeVisit> HomeVisits { get; init; } = Array.Empty<StopHomeVisit>().ToLookup(v => v.StopId);
}

public sealed record VisitRow(MobileVisitRequest Request, string Village, NagariCoverage? Coverage);

public sealed class VisitsPage
{
    public IReadOnlyList<VisitRow> Pending { get; init; } = [];
    public IReadOnlyList<VisitRow> Decided { get; init; } = [];
    public IReadOnlyList<(string Code, string Name)> Units { get; init; } = [];
    /// <summary>The request whose form failed validation, and what was typed.</summary>
    public Guid? FailedId { get; init; }
    public MobileStopInput? FailedInput { get; init; }
}

/// <summary>Admin: mobile-unit itineraries and the groups' visit requests.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class MobileUnitsAdminController(EKtpDbContext db, TimeProvider clock, AuditLog audit, PlanMobileStop plan,
    CancelMobileStop cancel, DecideMobileVisit decide, CoverageRanking coverage, IValidator<MobileStopInput> stopValidator,
    IValidator<DeclineVisitInput> declineValidator, IOptions<BookingOptions> booking, IStringLocalizer<MobileUnitsText> l) : Controller
{
    public const string StopsPath = "/admin/mobile-stops";
    public const string VisitsPath = "/admin/mobile-visits";

    [HttpGet(StopsPath)]
    public async Task<IActionResult> Stops(CancellationToken ct) =>
        View("~/Features/MobileUnits/Stops.cshtml", await StopsPageAsync(new MobileStopInput { Date = WibInput.Field(clock.Today().AddDays(1)) }, null, ct));

    [HttpPost(StopsPath)]
    public async Task<IActionResult> Plan(MobileStopInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey, CancellationToken ct)
    {
        if (!await ValidAsync(input, ct)) return View("~/Features/MobileUnits/Stops.cshtml", await StopsPageAsync(input, null, ct));
        var result = await plan.CreateAsync(input, audit, formKey, ct);
        if (result.Stop is null) return await RefuseAsync(input, null, result, ct);
        TempData["Flash"] = l["Kunjungan direncanakan dan dapat dipesan warga."].Value;
        return Redirect(StopsPath);
    }

    [HttpGet(StopsPath + "/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var stop = await db.MobileStops.AsNoTracking().Include(s => s.ServicePoint).SingleOrDefaultAsync(s => s.Id == id && s.Status == MobileStopStatus.Planned, ct);
        if (stop is null) return NotFound();
        return View("~/Features/MobileUnits/Stops.cshtml", await StopsPageAsync(new MobileStopInput
        {
            UnitCode = stop.ServicePoint!.Code, Date = WibInput.Field(stop.Date), VillageCode = stop.VillageCode, Place = stop.Place,
            Start = WibInput.Field(stop.Start), End = WibInput.Field(stop.End), SlotMinutes = stop.SlotMinutes, CapacityPerSlot = stop.CapacityPerSlot,
        }, id, ct));
    }

    [HttpPost(StopsPath + "/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, MobileStopInput input, CancellationToken ct)
    {
        if (!await ValidAsync(input, ct)) return View("~/Features/MobileUnits/Stops.cshtml", await StopsPageAsync(input, id, ct));
        var result = await plan.UpdateAsync(id, input, audit, ct);
        if (result.Stop is null) return await RefuseAsync(input, id, result, ct);
        TempData["Flash"] = result.Notified > 0
            ? l["Kunjungan diubah; {0} warga yang sudah memesan diberi tahu.", result.Notified].Value
            : l["Kunjungan diubah."].Value;
        return Redirect(StopsPath);
    }

    [HttpPost(StopsPath + "/{id:guid}/cancel")]
    public async Task<IActionResult> Cancel(Guid id, string? reason, CancellationToken ct)
    {
        var why = string.IsNullOrWhiteSpace(reason) ? "Kunjungan dibatalkan." : reason.Trim()[..Math.Min(300, reason.Trim().Length)];
        var affected = await cancel.HandleAsync(id, why, User.UserIdOf(), audit, ct);
        if (affected is null) return NotFound();
        TempData["Flash"] = affected > 0
            ? l["Kunjungan dibatalkan; {0} warga yang sudah memesan diberi tahu dan dapat pindah jadwal.", affected].Value
            : l["Kunjungan dibatalkan."].Value;
        return Redirect(StopsPath);
    }

    [HttpGet(VisitsPath)]
    public async Task<IActionResult> Visits(CancellationToken ct) => View("~/Features/MobileUnits/Visits.cshtml", await VisitsPageAsync(null, null, ct));

    [HttpPost(VisitsPath + "/{id:guid}/approve")]
    public async Task<IActionResult> Approve(Guid id, MobileStopInput input, CancellationToken ct)
    {
        var request = await db.MobileVisitRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return NotFound();
        input.VillageCode = request.VillageCode;
        input.Place = string.IsNullOrWhiteSpace(input.Place) ? request.Place : input.Place;
        if (!await ValidAsync(input, ct)) return View("~/Features/MobileUnits/Visits.cshtml", await VisitsPageAsync(id, input, ct));
        var result = await decide.ApproveAsync(id, input, audit, ct);
        if (result.Stop is null)
        {
            if (!string.IsNullOrEmpty(result.Field)) ModelState.AddModelError(result.Field, l[result.Error!]);
            else TempData["Flash"] = l[result.Error!].Value;
            return View("~/Features/MobileUnits/Visits.cshtml", await VisitsPageAsync(id, input, ct));
        }
        TempData["Flash"] = l["Permintaan disetujui: kunjungan direncanakan dan pemohon diberi tahu."].Value;
        return Redirect(VisitsPath);
    }

    [HttpPost(VisitsPath + "/{id:guid}/decline")]
    public async Task<IActionResult> Decline(Guid id, DeclineVisitInput input, CancellationToken ct)
    {
        var valid = await declineValidator.ValidateAsync(input, ct);
        if (!valid.IsValid)
        {
            foreach (var e in valid.Errors) ModelState.AddModelError(e.PropertyName, l[e.ErrorMessage]);
            return View("~/Features/MobileUnits/Visits.cshtml", await VisitsPageAsync(id, null, ct));
        }
        if (!await decide.DeclineAsync(id, input.Reason!, audit, ct)) return NotFound();
        TempData["Flash"] = l["Permintaan ditolak; pemohon menerima alasannya."].Value;
        return Redirect(VisitsPath);
    }

    private async Task<bool> ValidAsync(MobileStopInput input, CancellationToken ct)
    {
        var result = await stopValidator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
        return result.IsValid;
    }

    private async Task<IActionResult> RefuseAsync(MobileStopInput input, Guid? editing, PlanMobileStop.Outcome result, CancellationToken ct)
    {
        ModelState.AddModelError(string.IsNullOrEmpty(result.Field) ? nameof(input.Start) : result.Field, l[result.Error!]);
        return View("~/Features/MobileUnits/Stops.cshtml", await StopsPageAsync(input, editing, ct));
    }

    private async Task<IReadOnlyList<(string Code, string Name)>> UnitsAsync(CancellationToken ct) =>
        (await db.ServicePoints.AsNoTracking().Where(p => p.Kind == ServicePointKind.MobileUnit && p.IsActive).OrderBy(p => p.Code)
            .Select(p => new { p.Code, p.Name }).ToListAsync(ct)).Select(p => (p.Code, p.Name)).ToList();

    private async Task<StopsPage> StopsPageAsync(MobileStopInput input, Guid? editing, CancellationToken ct)
    {
        var today = clock.Today();
        var last = today.AddDays(booking.Value.WindowDays);
        var stops = await db.MobileStops.AsNoTracking().Where(s => s.Date >= today && s.Date <= last)
            .OrderBy(s => s.Date).ThenBy(s => s.Start)
            .Select(s => new StopRow(s.Id, s.ServicePoint!.Name, s.Date, s.Village!.Name, s.Place, s.Start, s.End,
                db.Slots.Where(x => x.MobileStopId == s.Id).Sum(x => x.Capacity),
                db.Slots.Where(x => x.MobileStopId == s.Id).Sum(x => x.Booked), s.Status))
            .ToListAsync(ct);
        return new StopsPage
        {
            Input = input, Stops = stops, Units = await UnitsAsync(ct), Villages = await VillagesAsync(db, ct),
            Suggestions = await coverage.LowestAsync(10, ct), EditingId = editing,
            EditingBooked = editing is null ? 0 : stops.Where(s => s.Id == editing).Sum(s => s.Booked),
            HomeVisits = await StopHomeVisits.ReadAsync(db, stops.Select(s => s.Id).ToList(), ct),
        };
    }

    private async Task<VisitsPage> VisitsPageAsync(Guid? failedId, MobileStopInput? failedInput, CancellationToken ct)
    {
        var requests = await db.MobileVisitRequests.AsNoTracking()
            .Where(r => r.Status == VisitRequestStatus.Pending || r.CreatedAt > clock.GetUtcNow().AddDays(-30))
            .OrderBy(r => r.CreatedAt).Take(200).ToListAsync(ct);
        var names = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var cover = await coverage.ReadAsync(ct);
        var rows = requests.Select(r => new VisitRow(r, names.GetValueOrDefault(r.VillageCode, r.VillageCode), cover.GetValueOrDefault(r.VillageCode))).ToList();
        return new VisitsPage
        {
            // Low-coverage nagari first; nagari without a target after those that have one; then the oldest request.
            Pending = rows.Where(r => r.Request.Status == VisitRequestStatus.Pending)
                .OrderBy(r => r.Coverage is null).ThenBy(r => r.Coverage?.Coverage).ThenBy(r => r.Request.CreatedAt).ToList(),
            Decided = rows.Where(r => r.Request.Status != VisitRequestStatus.Pending).OrderByDescending(r => r.Request.CreatedAt).ToList(),
            Units = await UnitsAsync(ct), FailedId = failedId, FailedInput = failedInput,
        };
    }

    public static async Task<IReadOnlyList<VillageOption>> VillagesAsync(EKtpDbContext db, CancellationToken ct) =>
        await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village)
            .OrderBy(r => r.Parent!.Name).ThenBy(r => r.Name)
            .Select(r => new VillageOption(r.Code, r.Name, r.Parent!.Name)).ToListAsync(ct);
}

/// <summary>The stop fields shared by the plan, edit and approve forms; <see cref="Prefix"/> keeps element ids unique.</summary>
public sealed record StopFieldsModel(MobileStopInput Input, IReadOnlyList<(string Code, string Name)> Units,
    IReadOnlyList<VillageOption>? Villages, string Prefix, bool ShowErrors);
