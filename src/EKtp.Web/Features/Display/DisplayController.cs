using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.Display;

/// <summary>The waiting-room screen of a service point. Public (a screen has no account) and free of personal data.</summary>
[AllowAnonymous]
public sealed class DisplayController(QueueBoard board) : Controller
{
    public const int ReloadSeconds = 20;

    [HttpGet("/display/{pointCode}")]
    public async Task<IActionResult> Show(string pointCode, CancellationToken ct)
    {
        var view = await board.ReadAsync(pointCode, ct);
        if (view is null) return NotFound();
        Response.Headers.CacheControl = "no-store";
        return View(view);
    }
}
