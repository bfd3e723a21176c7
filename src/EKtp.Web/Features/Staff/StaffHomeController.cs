using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Staff;

/// <summary>The landing page after sign-in: who you are, where you work, and what your role lets you open.</summary>
public sealed class StaffHomeController(EKtpDbContext db) : Controller
{
    [HttpGet("/staff")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var pointId = User.ServicePointOf();
        var pointName = pointId is null ? null
            : await db.ServicePoints.AsNoTracking().Where(p => p.Id == pointId).Select(p => p.Name).SingleOrDefaultAsync(ct);
        // The controller is StaffHome but its view lives in the Staff folder.
        return View("/Features/Staff/Index.cshtml", (object?)pointName);
    }
}
