using EKtp.Web.Data;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Status;

/// <summary>/status: the appointment and the card, by code and NIK. The answer is shown in reply to the POST (nothing in a URL).</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class StatusController(EKtpDbContext db, PersonalDataProtector protector, IValidator<LookupInput> validator,
    CheckStatus status, IStringLocalizer<BookingText> l, Disruptions.RebookAffectedAppointment rebook) : Controller
{
    [HttpGet(BookingRoutes.Status)]
    public IActionResult Index() => View("Index", new StatusPageModel(new LookupInput(), null));

    [HttpPost(BookingRoutes.Status)]
    public async Task<IActionResult> Check([FromForm] LookupInput input, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
        var appointment = result.IsValid ? await db.FindByCodeAndNikAsync(protector, input.Code, input.Nik, ct) : null;
        if (result.IsValid && appointment is null)
            ModelState.AddModelError("", l["Kode janji dan NIK tidak cocok dengan janji mana pun. Periksa keduanya."]);
        var view = appointment is null ? null : await status.DescribeAsync(appointment, ct);
        var affected = appointment is null ? null : await rebook.DescribeAsync(appointment, input.Nik!, BookingRoutes.Status, ct);
        return View("Index", new StatusPageModel(input, view, affected));
    }
}
