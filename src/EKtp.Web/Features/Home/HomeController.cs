using EKtp.Web.Features.ServiceStatus;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController(ServiceStatusReader status) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await status.ReadAsync(ct));
}
