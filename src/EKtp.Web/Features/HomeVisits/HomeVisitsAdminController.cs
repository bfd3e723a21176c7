using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.HomeVisits;

/// <summary>A request in the staff list: the resident's name masked, no address or phone (those are on the audited detail page).</summary>
public sealed record HomeVisitRow(Guid Id, string Reference, string MaskedName, HomeVisitReason Reason, string VillageCode, string Village,
    string Kecamatan, HomeVisitStatus Status, DateOnly? ScheduledDate, string? Unit, DateTimeOffset CreatedAt);

/// <summary>An upcoming mobile-unit day a request can be planned into.</summary>
public sealed record StopChoice(Guid Id, DateOnly Date, string Unit, string VillageCode, string Village, string Place);

public sealed class HomeVisitsListPage
{
    public IReadOnlyList<HomeVisitRow> Open { get; init; } = [];
    public IReadOnlyList<HomeVisitRow> Closed { get; init; } = [];
    public IReadOnlyList<StopChoice> Stops { get; init; } = [];
}

public sealed class HomeVisitDetailPage
{
    public required HomeVisitRequest Request { get; init; }
    public required HomeVisitRow Row { get; init; }
    public IReadOnlyList<StopChoice> Stops { get; init; } = [];
}

/// <summary>Admin: the home visit requests, planned into mobile-unit days, marked done or declined.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class HomeVisitsAdminController(EKtpDbContext db, TimeProvider clock, AuditLog audit, ChangeHomeVisit change,
    IValidator<DeclineHomeVisitInput> declineValidator, IStringLocalizer<HomeVisitsText> l) : Controller
{
    public const string ListPath = "/admin/home-visits";
    public static string DetailPath(Guid id) => $"{ListPath}/{id}";

    [HttpGet(ListPath)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-30);
        var rows = await RowsAsync(db.HomeVisitRequests.Where(r => r.Status == HomeVisitStatus.Submitted || r.Status == HomeVisitStatus.Scheduled
            || r.UpdatedAt > since), ct);
        return View("~/Features/HomeVisits/AdminList.cshtml", new HomeVisitsListPage
        {
            Open = rows.Where(r => r.Status is HomeVisitStatus.Submitted or HomeVisitStatus.Scheduled)
                .OrderBy(r => r.Status).ThenBy(r => r.ScheduledDate).ThenBy(r => r.CreatedAt).ToList(),
            Closed = rows.Where(r => r.Status is HomeVisitStatus.Done or HomeVisitStatus.Declined).OrderByDescending(r => r.CreatedAt).ToList(),
            Stops = await StopChoicesAsync(ct),
        });
    }

    /// <summary>The whole request (name, address, phone, family member): needed to go there, and audit-logged.</summary>
    [HttpGet(ListPath + "/{id:guid}")]
    public async Task<IActionResult> Detail(Guid id, CancellationToken ct)
    {
        var page = await DetailPageAsync(id, ct);
        if (page is null) return NotFound();
        await audit.WriteAsync(AuditActions.ViewPersonalData, ChangeHomeVisit.Subject, id.ToString(), reason: "perencanaan perekaman di rumah", ct: ct);
        return View("~/Features/HomeVisits/AdminDetail.cshtml", page);
    }

    [HttpPost(ListPath + "/{id:guid}/schedule")]
    public async Task<IActionResult> Schedule(Guid id, PlanHomeVisitInput input, string? back, CancellationToken ct) =>
        await AfterAsync(id, await change.ScheduleAsync(id, input.StopId, audit, ct), l["Kunjungan dijadwalkan; pemohon diberi tahu lewat SMS."], back, ct);

    [HttpPost(ListPath + "/{id:guid}/done")]
    public async Task<IActionResult> Done(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await change.DoneAsync(id, audit, ct), l["Ditandai selesai; pemohon diberi tahu."], null, ct);

    [HttpPost(ListPath + "/{id:guid}/decline")]
    public async Task<IActionResult> Decline(Guid id, DeclineHomeVisitInput input, CancellationToken ct)
    {
        var valid = await declineValidator.ValidateAsync(input, ct);
        if (!valid.IsValid)
        {
            foreach (var e in valid.Errors) ModelState.AddModelError(e.PropertyName, l[e.ErrorMessage]);
            return await DetailAgainAsync(id, ct);
        }
        return await AfterAsync(id, await change.DeclineAsync(id, input.Reason!, audit, ct), l["Permintaan ditolak; pemohon menerima alasannya."], null, ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, ChangeHomeVisit.Outcome result, string done, string? back, CancellationToken ct)
    {
        if (result.Ok)
        {
            TempData["Flash"] = done;
            return Redirect(back == "list" ? ListPath : DetailPath(id));
        }
        ModelState.AddModelError(result.Field ?? "", l[result.Error!]);
        return await DetailAgainAsync(id, ct);
    }

    private async Task<IActionResult> DetailAgainAsync(Guid id, CancellationToken ct)
    {
        var page = await DetailPageAsync(id, ct);
        if (page is null) return NotFound();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("~/Features/HomeVisits/AdminDetail.cshtml", page);
    }

    private async Task<HomeVisitDetailPage?> DetailPageAsync(Guid id, CancellationToken ct)
    {
        var request = await db.HomeVisitRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return null;
        var row = (await RowsAsync(db.HomeVisitRequests.Where(r => r.Id == id), ct)).Single();
        return new HomeVisitDetailPage { Request = request, Row = row, Stops = await StopChoicesAsync(ct) };
    }

    private async Task<List<HomeVisitRow>> RowsAsync(IQueryable<HomeVisitRequest> requests, CancellationToken ct)
    {
        var rows = await requests.AsNoTracking().OrderBy(r => r.CreatedAt).Take(500)
            .Join(db.Regions, r => r.VillageCode, v => v.Code, (r, v) => new
            {
                r.Id, r.Reference, r.ResidentName, r.Reason, r.VillageCode, Village = v.Name, Kecamatan = v.Parent!.Name, r.Status, r.ScheduledDate,
                Unit = db.MobileStops.Where(s => s.Id == r.MobileStopId).Select(s => s.ServicePoint!.Name).FirstOrDefault(), r.CreatedAt,
            })
            .ToListAsync(ct);
        return rows.Select(x => new HomeVisitRow(x.Id, x.Reference, Masking.MaskName(x.ResidentName), x.Reason, x.VillageCode, x.Village,
            x.Kecamatan, x.Status, x.ScheduledDate, x.Unit, x.CreatedAt)).ToList();
    }

    private async Task<IReadOnlyList<StopChoice>> StopChoicesAsync(CancellationToken ct)
    {
        var today = clock.Today();
        return await db.MobileStops.AsNoTracking().Where(s => s.Status == MobileStopStatus.Planned && s.Date >= today)
            .OrderBy(s => s.Date).ThenBy(s => s.Start).Take(200)
            .Select(s => new StopChoice(s.Id, s.Date, s.ServicePoint!.Name, s.VillageCode, s.Village!.Name, s.Place)).ToListAsync(ct);
    }
}
