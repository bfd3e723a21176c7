using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Cards;

/// <summary>Card handover at the counter of the operator's own point (served at a field node too).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class HandoverController(EKtpDbContext db, CardHandover handover, IStringLocalizer<StaffText> l) : Controller
{
    public const string Root = "/staff/handover";
    // The feature's folder is Cards, not the controller's name.
    private const string ViewPath = "~/Features/Cards/Handover.cshtml";

    [HttpGet(Root)]
    public async Task<IActionResult> Choose(CancellationToken ct)
    {
        if (User.IsInRole(Roles.Admin))
        {
            var points = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
            return View("~/Features/Cards/HandoverChoose.cshtml", points);
        }
        var own = User.ServicePointOf();
        var code = own is null ? null : await db.ServicePoints.Where(p => p.Id == own).Select(p => p.Code).SingleOrDefaultAsync(ct);
        return code is null ? Forbid() : Redirect($"{Root}/{code}");
    }

    [HttpGet(Root + "/{pointCode}")]
    public async Task<IActionResult> Index([FromPointCode] ServicePoint point, CancellationToken ct) =>
        View(ViewPath, await handover.ReadAsync(point, ct));

    /// <summary>The NIK comes in the form body only.</summary>
    [HttpPost(Root + "/{pointCode}")]
    public async Task<IActionResult> HandOver([FromPointCode] ServicePoint point, [FromForm] string? nik, CancellationToken ct)
    {
        if (await handover.HandOverAsync(point, nik, User.UserIdOf(), ct) is { } refused)
        {
            ModelState.AddModelError("Nik", refused);
            return View(ViewPath, await handover.ReadAsync(point, ct));
        }
        TempData["Flash"] = l["Kartu diserahkan kepada warga."].Value;
        return Redirect($"{Root}/{point.Code}");
    }
}
