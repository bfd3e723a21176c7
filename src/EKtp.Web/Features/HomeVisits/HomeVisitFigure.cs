using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.HomeVisits;

/// <summary>The dashboard's home-visit figure: waiting, scheduled, and in the period done and declined.</summary>
public sealed record HomeVisitCounts(int Waiting, int Scheduled, int Done, int Declined, bool ForAdmin);

/// <summary>
/// The dashboard's small figure for home visits, on its own (one grouped count over the requests, which are few and
/// indexed by status), so the dashboard's reader and its rollups need not know about them. Done and declined are
/// counted by the WIB day of their last change, within the dashboard's period; waiting and scheduled are as of now.
/// A kecamatan filter keeps the requests of its nagari.
/// </summary>
public sealed class HomeVisitFigureViewComponent(EKtpDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DateOnly from, DateOnly to, string? kecamatan)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Wib.Offset).ToUniversalTime();
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Wib.Offset).ToUniversalTime();
        var prefix = string.IsNullOrEmpty(kecamatan) ? "" : kecamatan + ".";
        var counts = await db.HomeVisitRequests.AsNoTracking()
            .Where(r => prefix == "" || r.VillageCode.StartsWith(prefix))
            .Where(r => r.Status == HomeVisitStatus.Submitted || r.Status == HomeVisitStatus.Scheduled || (r.UpdatedAt >= start && r.UpdatedAt < end))
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
        return View("~/Features/HomeVisits/_HomeVisitFigure.cshtml", new HomeVisitCounts(counts.GetValueOrDefault(HomeVisitStatus.Submitted),
            counts.GetValueOrDefault(HomeVisitStatus.Scheduled), counts.GetValueOrDefault(HomeVisitStatus.Done),
            counts.GetValueOrDefault(HomeVisitStatus.Declined), HttpContext.User.IsInRole(Roles.Admin)));
    }
}
