using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Features.Shared;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Api;

/// <summary><see cref="MakesCard"/>: false for a service that records no biometrics (IKD activation), so no card follows.</summary>
public sealed record ServiceDto(string Code, string Name, string Documents, bool MakesCard);

/// <summary>
/// The services a booking may name (issue 15), in the order the booking page offers them. Additive: a client that knows
/// only the first four keeps working, since the booking call still takes their words and answers as before.
/// </summary>
[ApiController]
[AllowAnonymous]
[Route("api/v1/services")]
[EnableRateLimiting(RateLimits.Public)]
public sealed class ServicesApiController(AppointmentWords words, IStringLocalizer<BookingText> l) : ControllerBase
{
    [HttpGet]
    public IEnumerable<ServiceDto> List() =>
        ServiceCatalog.All.Select(s => new ServiceDto(ApiFormat.Service(s.Type), words.Of(s.Type), l[s.Documents], s.Type.MakesCard()));
}
