using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace EKtp.Web.Features.Status;

/// <summary>/status: the appointment and the card, by code and NIK. The answer is shown in reply to the POST (nothing in a URL).</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class StatusController(AppointmentLookup lookup, CheckStatus status, Disruptions.RebookAffectedAppointment rebook)
    : Controller
{
    [HttpGet(BookingRoutes.Status)]
    public IActionResult Index() => View("Index", new StatusPageModel(new LookupInput(), null));

    [HttpPost(BookingRoutes.Status)]
    public async Task<IActionResult> Check([FromForm] LookupInput input, CancellationToken ct)
    {
        var appointment = await lookup.FindAsync(input, ModelState, ct);
        var view = appointment is null ? null : await status.DescribeAsync(appointment, ct);
        var affected = appointment is null ? null : await rebook.DescribeAsync(appointment, input.Nik!, BookingRoutes.Status, ct);
        // Once found, the NIK is not echoed into the form (the rebook buttons carry it in their own POST body, if any).
        return View("Index", new StatusPageModel(appointment is null ? input : new LookupInput { Code = input.Code }, view, affected));
    }
}
