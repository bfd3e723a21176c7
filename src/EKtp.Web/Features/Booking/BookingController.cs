using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Shared;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// service → place → day and slot → personal data → confirm → slip. The first three steps are GET links and forms
/// (nothing personal in them, so they can be bookmarked and go back and forth); every step that carries personal data is a POST.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class BookingController(EKtpDbContext db, TimeProvider clock, IOptions<BookingOptions> options,
    IValidator<BookingInput> validator, BookAppointment booking, BookingCookies cookies, BookingSlip slips,
    VillageDirectory villages, IStringLocalizer<BookingText> l) : Controller
{
    [HttpGet(BookingRoutes.Start)]
    public IActionResult Index(string? service) => View("Index", ApiFormat.ParseService(service));

    /// <summary>The nagari first (a GET form that works without JavaScript), then the places nearest to it on top.</summary>
    [HttpGet(BookingRoutes.Place)]
    public async Task<IActionResult> Place(string? service, string? village, CancellationToken ct)
    {
        if (ApiFormat.ParseService(service) is not { } type) return Redirect(BookingRoutes.Start);
        var points = await db.ServicePoints.AsNoTracking().Include(p => p.Sessions)
            .Where(p => p.IsActive && p.Kind != ServicePointKind.MobileUnit)
            .OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var offices = points.Select(p => new OfficeChoice(p.Code, p.Name, p.Address, p.Kind, p.RegionCode, p.CanPrint,
            OpeningHours.Describe(p.Sessions, culture))).ToList();
        var stops = await UpcomingStopsAsync(null, ct);
        var home = await villages.FindAsync(village, ct);
        return View("Place", new PlaceChoiceModel(ServiceCatalog.Of(type), offices, stops, await villages.AllAsync(ct), home,
            home is null ? null : NearestPlaces.For(home, offices, stops)));
    }

    [HttpGet(BookingRoutes.Slots)]
    public async Task<IActionResult> Slots(string? service, string? point, Guid? stop, string? date, string? village, CancellationToken ct)
    {
        if (ApiFormat.ParseService(service) is not { } type) return Redirect(BookingRoutes.Start);
        var home = (await villages.FindAsync(village, ct))?.Code;
        var place = await db.BookablePlaceAsync(point, ct);
        if (place is null) return Redirect(BookingRoutes.PlaceOf(service!, home));
        StopOption? stopOption = null;
        if (place.Option.Kind == ServicePointKind.MobileUnit)
        {
            // A mobile unit is booked through one of its stops: a nagari on a date.
            stopOption = stop is { } id ? (await UpcomingStopsAsync(id, ct)).SingleOrDefault() : null;
            if (stopOption is null) return Redirect(BookingRoutes.PlaceOf(service!, home));
        }

        var open = await db.OpenAsync(place.Id, stopOption?.Id, clock.Today(), options.Value.WindowDays, ct);
        var days = open.GroupBy(s => s.Date).Select(g => new DaySummary(g.Key, g.Sum(s => s.Available), g.Count())).ToList();
        var picked = WibInput.TryDate(date, out var d) && days.Any(x => x.Date == d);
        DateOnly? chosen = picked ? d : days.FirstOrDefault()?.Date;
        var ofDay = chosen is { } c ? open.Where(s => s.Date == c).ToList() : [];
        // The nearest free slots lead the page until the resident picks a day themselves.
        var soonest = picked ? [] : open.Take(SoonestShown).ToList();
        return View("Slots", new SlotChoiceModel(ServiceCatalog.Of(type), place.Option, stopOption, days, chosen, ofDay, home, soonest));
    }

    private const int SoonestShown = 3;

    [HttpGet(BookingRoutes.Details)]
    public async Task<IActionResult> Details(string? service, Guid? slot, string? village, CancellationToken ct)
    {
        if (ApiFormat.ParseService(service) is null) return Redirect(BookingRoutes.Start);
        // The nagari named on the place step fills the form's nagari field (an unknown code is dropped).
        var input = new BookingInput
        {
            Service = service, SlotId = slot, IdempotencyKey = Guid.NewGuid(), VillageCode = (await villages.FindAsync(village, ct))?.Code,
        };
        return await DetailsViewAsync(input, false, ct) ?? Redirect(BookingRoutes.Start);
    }

    /// <summary>Checks the personal data and shows the confirmation page (or the form again, with a message beside each field).</summary>
    [HttpPost(BookingRoutes.Details)]
    public async Task<IActionResult> CheckDetails([FromForm] BookingInput input, [FromForm] bool edit, CancellationToken ct)
    {
        if (edit) return await DetailsViewAsync(input, false, ct) ?? Redirect(BookingRoutes.Start);
        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
            return await DetailsViewAsync(input, BirthDateDiffers(input), ct) ?? Redirect(BookingRoutes.Start);
        }
        // Post-redirect-get: the checked answers wait in an encrypted cookie, so Back from the slip finds a GET page.
        cookies.SetDraft(Response, input);
        return Redirect(BookingRoutes.Confirm);
    }

    /// <summary>The confirmation page, from the answers the details form checked (none once they are booked).</summary>
    [HttpGet(BookingRoutes.Confirm)]
    public async Task<IActionResult> ConfirmPage(CancellationToken ct)
    {
        if (cookies.Draft(Request) is not { } input)
            return Redirect(cookies.Slip(Request) is null ? BookingRoutes.Start : BookingRoutes.Slip);
        var result = await validator.ValidateAsync(input, ct);
        var summary = await SummaryAsync(input.SlotId, ct);
        if (!result.IsValid || summary is null) return Redirect(BookingRoutes.Start);
        ViewData["Village"] = (await villages.FindAsync(input.VillageCode, ct))!.Name;
        // A GET that shows personal data: kept in no cache, and Back re-asks the server (which then leads to the slip).
        Response.Headers.CacheControl = "no-store";
        return View("Confirm", new DetailsModel(input, ServiceCatalog.Of(input.ServiceType()), summary, [], false));
    }

    [HttpPost(BookingRoutes.Confirm)]
    public async Task<IActionResult> Confirm([FromForm] BookingInput input, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
            return await DetailsViewAsync(input, BirthDateDiffers(input), ct) ?? Redirect(BookingRoutes.Start);
        }
        var outcome = await booking.BookAsync(input, ct);
        if (outcome.Succeeded)
        {
            cookies.SetSlip(Response, outcome.Appointment!.Code);
            BookingCookies.ForgetDraft(Response);
            return Redirect(BookingRoutes.Slip);
        }
        if (outcome.Result == BookingResult.SlotNotFound) return Redirect(BookingRoutes.Start);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Refused", new RefusedModel(outcome.Result, input, ServiceCatalog.Of(input.ServiceType()),
            await SummaryAsync(input.SlotId, ct), outcome.NextSlots, outcome.Appointment, outcome.Why, options.Value.WindowDays));
    }

    [HttpGet(BookingRoutes.Slip)]
    public async Task<IActionResult> Slip(CancellationToken ct)
    {
        var appointment = await SlipAppointmentAsync(ct);
        if (appointment is null)
        {
            TempData["Flash"] = l["Bukti janji hanya tampil sesaat setelah memesan. Cari janji Anda dengan kode dan NIK."].Value;
            return Redirect(BookingRoutes.Manage);
        }
        return View("Slip", slips.ModelOf(appointment));
    }

    [HttpGet(BookingRoutes.SlipIcs)]
    public async Task<IActionResult> SlipIcs(CancellationToken ct)
    {
        var appointment = await SlipAppointmentAsync(ct);
        if (appointment is null) return Redirect(BookingRoutes.Manage);
        var service = ServiceCatalog.Of(appointment.Service);
        var ics = BookingSlip.Ics(appointment, l["Perekaman KTP-el"], l["Bawa: {0}", l[service.Documents]], clock.GetUtcNow());
        return File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"janji-ktp-el-{appointment.Code}.ics");
    }

    private async Task<Appointment?> SlipAppointmentAsync(CancellationToken ct)
    {
        var code = cookies.Slip(Request);
        if (code is null) return null;
        return await db.Appointments.AsNoTracking()
            .Include(a => a.Slot).ThenInclude(s => s!.MobileStop).ThenInclude(m => m!.Village)
            .Include(a => a.ServicePoint)
            .SingleOrDefaultAsync(a => a.Code == code, ct);
    }

    private bool BirthDateDiffers(BookingInput input) =>
        Nik.TryParse(input.Nik, clock.Today(), out var nik) && WibInput.TryDate(input.BirthDate, out var birth) && nik.Value.BirthDate != birth;

    private async Task<IActionResult?> DetailsViewAsync(BookingInput input, bool mismatch, CancellationToken ct)
    {
        var summary = await SummaryAsync(input.SlotId, ct);
        if (summary is null || ApiFormat.ParseService(input.Service) is not { } type) return null;
        return View("Details", new DetailsModel(input, ServiceCatalog.Of(type), summary, await villages.AllAsync(ct), mismatch));
    }

    private async Task<SlotSummary?> SummaryAsync(Guid? slotId, CancellationToken ct) =>
        slotId is not { } id ? null : await db.Slots.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SlotSummary(s.Id, s.StartsAt, s.EndsAt, s.Capacity - s.Booked, s.ServicePoint!.Code, s.ServicePoint.Name,
                s.ServicePoint.Address, s.MobileStop == null ? null : s.MobileStop.Place, s.MobileStopId))
            .SingleOrDefaultAsync(ct);

    private async Task<List<StopOption>> UpcomingStopsAsync(Guid? only, CancellationToken ct)
    {
        var today = clock.Today();
        var to = today.AddDays(options.Value.WindowDays);
        return await db.MobileStops.AsNoTracking()
            .Where(s => s.Status == MobileStopStatus.Planned && s.Date > today && s.Date <= to && (only == null || s.Id == only))
            .OrderBy(s => s.Village!.Name).ThenBy(s => s.Date)
            .Select(s => new StopOption(s.Id, s.ServicePoint!.Code, s.ServicePoint.Name, s.Date, s.Village!.Name,
                s.Village.Parent!.Name, s.Place, s.Start, s.End, s.VillageCode))
            .ToListAsync(ct);
    }
}
