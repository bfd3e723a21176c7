using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Staff;

public sealed record StaffHomeView(string? PointName, string? PointCode, bool CardPipeline);

/// <summary>The landing page after sign-in: who you are, where you work, and what your role lets you open.</summary>
public sealed class StaffHomeController(EKtpDbContext db, IAuthorizationService authorization) : Controller
{
    [HttpGet("/staff")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var pointId = User.ServicePointOf();
        var point = pointId is null ? null
            : await db.ServicePoints.AsNoTracking().Where(p => p.Id == pointId).Select(p => new { p.Name, p.Code }).SingleOrDefaultAsync(ct);
        var pipeline = (await authorization.AuthorizeAsync(User, StaffPolicies.CardPipeline)).Succeeded;
        // The view lives in Features/Staff, not Features/StaffHome (the folder the controller name would give).
        return View("~/Features/Staff/Index.cshtml", new StaffHomeView(point?.Name, point?.Code, pipeline));
    }
}
