using EKtp.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Dashboard;

public sealed record IkdCount(string Name, int Activated, int Failed);

public sealed record IkdFigures(IReadOnlyList<IkdCount> ByPoint, IReadOnlyList<IkdCount> ByKecamatan, int Activated, int Failed);

/// <summary>
/// IKD activations in the dashboard's period (issue 15, A3), per service point and per kecamatan of domicile, beside
/// recording coverage. Its own small figure, apart from the rollups: activations are few (one row per activation at a
/// counter, grouped in one query); a walk-in without a nagari counts under "not recorded".
/// </summary>
public sealed class IkdActivationsViewComponent(DashboardDatabase database) : ViewComponent
{
    public const string Name = "IkdActivations";

    public async Task<IViewComponentResult> InvokeAsync(DashboardFilter filter)
    {
        var figures = await ReadAsync(database.Context, filter, HttpContext.RequestAborted);
        return View("~/Features/Dashboard/_IkdActivations.cshtml", figures);
    }

    public static async Task<IkdFigures> ReadAsync(Data.EKtpDbContext db, DashboardFilter filter, CancellationToken ct)
    {
        var since = Wib.At(filter.From, TimeOnly.MinValue);
        var until = Wib.At(filter.To.AddDays(1), TimeOnly.MinValue);
        var rows = await (
            from a in db.IkdActivations.AsNoTracking()
            where a.At >= since && a.At < until
            join v in db.Regions on a.VillageCode equals v.Code into village
            from v in village.DefaultIfEmpty()
            group a by new { a.ServicePointId, Kecamatan = v == null ? null : v.ParentCode, a.Outcome } into g
            select new { g.Key.ServicePointId, g.Key.Kecamatan, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);
        if (rows.Count == 0) return new IkdFigures([], [], 0, 0);

        var pointIds = rows.Select(r => r.ServicePointId).Distinct().ToList();
        var points = await db.ServicePoints.AsNoTracking().Where(p => pointIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.RegionCode, p.Kind }).ToDictionaryAsync(p => p.Id, ct);
        var kecamatanNames = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.District).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        // Filtered to a kecamatan: its own points (and the mobile units, as the rest of the dashboard does), and its residents.
        var k = filter.Kecamatan is { } code && kecamatanNames.ContainsKey(code) ? code : null;
        var pointRows = rows.Where(r => k is null || points[r.ServicePointId].RegionCode == k || points[r.ServicePointId].Kind == ServicePointKind.MobileUnit);
        var kecamatanRows = rows.Where(r => k is null || r.Kecamatan == k);

        IkdCount Sum<T>(string name, IEnumerable<T> group, Func<T, IkdOutcome> outcome, Func<T, int> count) =>
            new(name, group.Where(r => outcome(r) == IkdOutcome.Activated).Sum(count), group.Where(r => outcome(r) == IkdOutcome.Failed).Sum(count));

        var byPoint = pointRows.GroupBy(r => r.ServicePointId)
            .Select(g => Sum(points[g.Key].Name, g, r => r.Outcome, r => r.Count))
            .OrderByDescending(c => c.Activated).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var byKecamatan = kecamatanRows.GroupBy(r => r.Kecamatan)
            .Select(g => Sum(g.Key is { } kc && kecamatanNames.TryGetValue(kc, out var n) ? n : "", g, r => r.Outcome, r => r.Count))
            .OrderBy(c => c.Name.Length == 0).ThenByDescending(c => c.Activated).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new IkdFigures(byPoint, byKecamatan, byKecamatan.Sum(c => c.Activated), byKecamatan.Sum(c => c.Failed));
    }
}
