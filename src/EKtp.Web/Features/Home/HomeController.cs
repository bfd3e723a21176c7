using EKtp.Web.Features.ServiceStatus;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController(ServiceStatusReader status) : Controller
{
    public const string StaleSinceKey = "StatusStaleSince";

    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var snapshot = await status.ReadOrLastKnownAsync(ct);
        if (snapshot.Stale)
        {
            DatabaseOutage.Answer(Response);
            ViewData[StaleSinceKey] = snapshot.At;
        }
        return View(snapshot.Points);
    }
}
