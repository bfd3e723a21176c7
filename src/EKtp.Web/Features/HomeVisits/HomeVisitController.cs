using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.HomeVisits;

public sealed class HomeVisitPage
{
    public HomeVisitInput Input { get; init; } = new();
    public IReadOnlyList<VillageOption> Villages { get; init; } = [];
}

/// <summary>What the status page shows: the request's state in plain words, nothing personal (decision 1501).</summary>
public sealed record HomeVisitStatusView(string Reference, HomeVisitStatus Status, DateOnly? ScheduledDate, string? Unit,
    string? DeclineReason, DateTimeOffset CreatedAt, DateTimeOffset? PersonalDataErasedAt = null);

public sealed class HomeVisitStatusPage
{
    public string? Reference { get; init; }
    public HomeVisitStatusView? Found { get; init; }
    public bool NotFound { get; init; }
}

/// <summary>Public: one resident who cannot come (elderly, disabled, sick) asks to be recorded at home, and follows the request.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class HomeVisitController(EKtpDbContext db, IValidator<HomeVisitInput> validator, RequestHomeVisit request, SubmitOnce once,
    VillageDirectory villages, IStringLocalizer<HomeVisitsText> l) : Controller
{
    public const string Path = "/home-visit";
    public const string StatusRoot = "/home-visit/status";
    public const string Form = "home-visit";

    public static string StatusPath(string reference) => $"{StatusRoot}/{reference}";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(CancellationToken ct) => View("~/Features/HomeVisits/HomeVisit.cshtml", await PageAsync(new(), ct));

    [HttpPost(Path)]
    public async Task<IActionResult> Index(HomeVisitInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, l[e.ErrorMessage]);
        if (!ModelState.IsValid) return View("~/Features/HomeVisits/HomeVisit.cshtml", await PageAsync(input, ct));
        var submitted = await once.RunAsync(Form, formKey, async c => (await request.HandleAsync(input, c)).Id, ct);
        var reference = await db.HomeVisitRequests.AsNoTracking().Where(r => r.Id == submitted.Id).Select(r => r.Reference).SingleAsync(ct);
        return Redirect(StatusPath(reference));
    }

    /// <summary>The lookup form; a reference typed into it (not personal data) comes back as the status page's address.</summary>
    [HttpGet(StatusRoot)]
    public IActionResult Find(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) return View("~/Features/HomeVisits/HomeVisitStatus.cshtml", new HomeVisitStatusPage());
        var normalized = HomeVisitReference.Normalize(reference);
        if (!HomeVisitReference.IsWellFormed(normalized))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("~/Features/HomeVisits/HomeVisitStatus.cshtml", new HomeVisitStatusPage { Reference = reference, NotFound = true });
        }
        return Redirect(StatusPath(normalized));
    }

    [HttpGet(StatusRoot + "/{reference}")]
    public async Task<IActionResult> Status(string reference, CancellationToken ct)
    {
        var normalized = HomeVisitReference.Normalize(reference);
        var found = !HomeVisitReference.IsWellFormed(normalized) ? null : await db.HomeVisitRequests.AsNoTracking()
            .Where(r => r.Reference == normalized)
            .Select(r => new HomeVisitStatusView(r.Reference, r.Status, r.ScheduledDate,
                db.MobileStops.Where(s => s.Id == r.MobileStopId).Select(s => s.ServicePoint!.Name).FirstOrDefault(), r.DeclineReason, r.CreatedAt,
                r.PersonalDataErasedAt))
            .SingleOrDefaultAsync(ct);
        if (found is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Features/HomeVisits/HomeVisitStatus.cshtml", new HomeVisitStatusPage { Reference = normalized, Found = found, NotFound = found is null });
    }

    private async Task<HomeVisitPage> PageAsync(HomeVisitInput input, CancellationToken ct) => new() { Input = input, Villages = await villages.AllAsync(ct) };
}
