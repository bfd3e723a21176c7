using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace EKtp.Web.Features.Status;

/// <summary>
/// /status: the appointment and the card by code and NIK (a walk-in's status code is such a code), or the card by NIK
/// and KK number. The answer is shown in reply to the POST (nothing personal in a URL), and is not stored.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class StatusController(FindCard find, CheckStatus status, Disruptions.RebookAffectedAppointment rebook)
    : Controller
{
    [HttpGet(BookingRoutes.Status)]
    public IActionResult Index() => View("Index", new StatusPageModel(new LookupInput(), null));

    [HttpPost(BookingRoutes.Status)]
    public async Task<IActionResult> Check([FromForm] LookupInput input, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var match = await find.ByCodeAsync(input, ModelState, ct);
        if (match?.WalkIn is { } walkIn)
            return View("Index", new StatusPageModel(new LookupInput { Code = input.Code }, null, CardResult: await status.DescribeAsync(walkIn, ct)));
        var appointment = match?.Appointment;
        var view = appointment is null ? null : await status.DescribeAsync(appointment, ct);
        var affected = appointment is null ? null : await rebook.DescribeAsync(appointment, input.Nik!, BookingRoutes.Status, ct);
        // Once found, the NIK is not echoed into the form (the rebook buttons carry it in their own POST body, if any).
        return View("Index", new StatusPageModel(appointment is null ? input : new LookupInput { Code = input.Code }, view, affected));
    }

    /// <summary>The card by NIK and KK number, both posted (never in the address).</summary>
    [HttpPost(BookingRoutes.StatusByCard)]
    public async Task<IActionResult> ByCard([FromForm(Name = FindCard.CardPrefix)] CardLookupInput input, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var card = await find.ByNikAndKkAsync(input, ModelState, ct);
        // Once found, neither number is echoed into the form.
        return View("Index", new StatusPageModel(new LookupInput(), null, Card: card is null ? input : new CardLookupInput(),
            CardResult: card is null ? null : status.Describe(card)));
    }
}
