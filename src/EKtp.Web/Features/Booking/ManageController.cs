using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Shared;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// Find an appointment by code and NIK, then reschedule or cancel it. The found appointment is remembered in a short-lived
/// encrypted cookie, so the following pages need neither the NIK again nor anything in the URL.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class ManageController(EKtpDbContext db, TimeProvider clock, IOptions<BookingOptions> options,
    AppointmentLookup lookup, ChangeAppointment change, BookingCookies cookies, IStringLocalizer<BookingText> l,
    Disruptions.RebookAffectedAppointment rebook, BookingSlip slips) : Controller
{
    [HttpGet(BookingRoutes.Manage)]
    public IActionResult Find() => View("/Features/Booking/Find.cshtml", new LookupInput());

    [HttpPost(BookingRoutes.Manage)]
    public async Task<IActionResult> Find([FromForm] LookupInput input, CancellationToken ct)
    {
        var appointment = await lookup.FindAsync(input, ModelState, ct);
        if (appointment is null) return View("/Features/Booking/Find.cshtml", input);
        cookies.SetManaged(Response, appointment.Id);
        // The slip shown again on the next page offers its calendar file like the slip after booking.
        cookies.SetSlip(Response, appointment.Code);
        return Redirect(BookingRoutes.ManageAppointment);
    }

    [HttpGet(BookingRoutes.ManageAppointment)]
    public async Task<IActionResult> Appointment(string? date, CancellationToken ct) =>
        await ManageViewAsync(date, null, ct) ?? Redirect(BookingRoutes.Manage);

    /// <summary>The second step of cancelling: what will be cancelled, the reason, and the button that does it.</summary>
    [HttpGet(BookingRoutes.Cancel)]
    public async Task<IActionResult> ConfirmCancel(CancellationToken ct)
    {
        if (cookies.Managed(Request) is not { } id) return Redirect(BookingRoutes.Manage);
        var appointment = await db.Appointments.AsNoTracking()
            .Include(a => a.Slot).ThenInclude(s => s!.MobileStop).ThenInclude(m => m!.Village)
            .Include(a => a.ServicePoint)
            .SingleOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null || !change.CanChange(appointment)) return Redirect(BookingRoutes.ManageAppointment);
        return View("/Features/Booking/CancelConfirm.cshtml", (appointment, BookingSlip.PlaceOf(appointment)));
    }

    [HttpPost(BookingRoutes.Cancel)]
    public async Task<IActionResult> Cancel([FromForm] string? reason, CancellationToken ct)
    {
        if (cookies.Managed(Request) is not { } id) return Redirect(BookingRoutes.Manage);
        if (await LockedAsync(id, ct) is { } locked) return locked;
        var outcome = await change.CancelAsync(id, reason, ct);
        if (outcome.Result != ChangeResult.Done) return await RefusedAsync(outcome, ct);
        TempData["Flash"] = l["Janji Anda sudah dibatalkan. Tempatnya kini bisa dipakai warga lain."].Value;
        return Redirect(BookingRoutes.ManageAppointment);
    }

    [HttpPost(BookingRoutes.Reschedule)]
    public async Task<IActionResult> Reschedule([FromForm] Guid? slotId, CancellationToken ct)
    {
        if (cookies.Managed(Request) is not { } id) return Redirect(BookingRoutes.Manage);
        if (await LockedAsync(id, ct) is { } locked) return locked;
        if (slotId is not { } slot) return await ManageViewAsync(null, l["Pilih jadwal baru."], ct) ?? Redirect(BookingRoutes.Manage);
        var outcome = await change.RescheduleAsync(id, slot, ct);
        if (outcome.Result != ChangeResult.Done) return await RefusedAsync(outcome, ct);
        var code = await db.Appointments.Where(a => a.Id == id).Select(a => a.Code).SingleAsync(ct);
        cookies.SetSlip(Response, code);
        TempData["Flash"] = l["Jadwal Anda sudah diubah. Ini bukti janji yang baru."].Value;
        return Redirect(BookingRoutes.Slip);
    }

    /// <summary>One-click rebook of an appointment a disruption affects; the appointment comes from the session cookie.</summary>
    [HttpPost(BookingRoutes.Rebook)]
    public async Task<IActionResult> Rebook([FromForm] Disruptions.RebookOption? option, CancellationToken ct)
    {
        if (cookies.Managed(Request) is not { } id) return Redirect(BookingRoutes.Manage);
        if (await LockedAsync(id, ct) is { } locked) return locked;
        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null || option is not { } chosen) return Redirect(BookingRoutes.ManageAppointment);
        var result = await rebook.MoveAsync(appointment, chosen, ct);
        TempData["Flash"] = result.Outcome switch
        {
            Disruptions.RebookOutcome.Moved => l["Janji Anda sudah dipindahkan. Periksa jadwal barunya di bawah."].Value,
            Disruptions.RebookOutcome.NoSlot => l["Maaf, tidak ada jadwal kosong lagi. Janji Anda tidak berubah."].Value,
            _ => l["Janji ini sudah dipindahkan atau tidak perlu dipindahkan."].Value,
        };
        return Redirect(BookingRoutes.ManageAppointment);
    }

    /// <summary>A change or cancel while the code or NIK is locked (failed lookups since it was found): refused with 429.</summary>
    private async Task<IActionResult?> LockedAsync(Guid id, CancellationToken ct)
    {
        if (await lookup.LockedUntilAsync(id, ct) is not { } until) return null;
        lookup.AnswerLocked(Response, until);
        return await ManageViewAsync(null, lookup.LockedMessage(until), ct) ?? Redirect(BookingRoutes.Manage);
    }

    private async Task<IActionResult> RefusedAsync(ChangeOutcome outcome, CancellationToken ct)
    {
        var problem = outcome.Result switch
        {
            ChangeResult.PastCutoff => l["Janji tidak dapat diubah atau dibatalkan kurang dari {0} jam sebelum jadwal. Bila berhalangan, cukup tidak datang; Anda dapat membuat janji baru sesudahnya.", options.Value.ChangeCutoffHours],
            ChangeResult.NotActive => l["Janji ini tidak aktif lagi (sudah dibatalkan, dilayani, atau lewat)."],
            ChangeResult.SlotFull => l["Jadwal yang Anda pilih baru saja penuh. Pilih jadwal lain di bawah."],
            ChangeResult.SlotClosed => l["Jadwal yang Anda pilih sudah ditutup. Pilih jadwal lain di bawah."],
            ChangeResult.SameSlot => l["Itu jadwal Anda sekarang. Pilih jadwal lain."],
            _ => null,
        };
        if (problem is null) return Redirect(BookingRoutes.Manage);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await ManageViewAsync(null, problem, ct) ?? Redirect(BookingRoutes.Manage);
    }

    private async Task<IActionResult?> ManageViewAsync(string? date, string? problem, CancellationToken ct)
    {
        if (cookies.Managed(Request) is not { } id) return null;
        var appointment = await db.Appointments.AsNoTracking()
            .Include(a => a.Slot).ThenInclude(s => s!.MobileStop).ThenInclude(m => m!.Village)
            .Include(a => a.ServicePoint)
            .SingleOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null) return null;
        var canChange = change.CanChange(appointment);
        List<SlotChoice> open = canChange
            ? await db.OpenAsync(appointment.ServicePointId, null, clock.Today(), options.Value.WindowDays, ct)
            : [];
        open.RemoveAll(s => s.Id == appointment.SlotId);
        var days = open.GroupBy(s => s.Date).Select(g => new DaySummary(g.Key, g.Sum(s => s.Available), g.Count())).ToList();
        DateOnly? chosen = WibInput.TryDate(date, out var d) && days.Any(x => x.Date == d) ? d : days.FirstOrDefault()?.Date;
        var affected = await rebook.DescribeAsync(appointment, "", BookingRoutes.ManageAppointment, ct, action: BookingRoutes.Rebook);
        return View("/Features/Booking/Manage.cshtml", new ManageModel(appointment, ServiceCatalog.Of(appointment.Service), BookingSlip.PlaceOf(appointment), canChange,
            change.CutoffOf(appointment.Slot!), days, chosen, chosen is { } c ? open.Where(s => s.Date == c).ToList() : [], problem, affected,
            appointment.Status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn ? slips.ModelOf(appointment) : null));
    }
}
