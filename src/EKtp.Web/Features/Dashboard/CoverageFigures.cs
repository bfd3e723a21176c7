using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Dashboard;

/// <summary>A region's coverage: people recorded (before the portal plus through it) of those who must hold a KTP-el.</summary>
public sealed record CoverageLine(string Code, string Name, int Covered, int WajibKtp, DateOnly? AsOf)
{
    public bool HasTarget => WajibKtp > 0;
    public double Percent => WajibKtp == 0 ? 0 : Math.Round(100.0 * Covered / WajibKtp, 1);
    public int Gap => Math.Max(0, WajibKtp - Covered);
}

/// <summary>
/// The one computation of coverage (decision 1531), read by the dashboard and by the mobile-unit planning pages alike
/// (`/admin/mobile-stops`, `/admin/mobile-visits`): from <c>rollup_coverage</c>, which <see cref="RollupJob"/> writes
/// from each region's newest population target plus the first recordings (new KTP-el) of its residents on days after
/// the target's as-of date (decision 0602). A kecamatan with a target of its own uses it; otherwise it is the sum of
/// its nagari's targets. Two small reads (regions, one row per region with a target), whatever the number of residents.
/// </summary>
public sealed class CoverageFigures
{
    private readonly Dictionary<string, CoverageRollup> _rollup;

    private CoverageFigures(List<Region> regions, Dictionary<string, CoverageRollup> rollup)
    {
        _rollup = rollup;
        Kecamatans = regions.Where(r => r.Level == RegionLevel.District).OrderBy(r => r.Name).ToList();
        Villages = regions.Where(r => r.Level == RegionLevel.Village).ToList();
    }

    public IReadOnlyList<Region> Kecamatans { get; }
    public IReadOnlyList<Region> Villages { get; }

    public static async Task<CoverageFigures> ReadAsync(EKtpDbContext db, CancellationToken ct = default)
    {
        var regions = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.District || r.Level == RegionLevel.Village).ToListAsync(ct);
        var rollup = await db.CoverageRollups.AsNoTracking().ToDictionaryAsync(c => c.RegionCode, ct);
        return new CoverageFigures(regions, rollup);
    }

    /// <summary>The rollup row of a region that has a target of its own.</summary>
    public CoverageRollup? Own(string code) => _rollup.GetValueOrDefault(code);

    public CoverageLine Village(Region v) => _rollup.TryGetValue(v.Code, out var c)
        ? new(v.Code, v.Name, c.Covered, c.WajibKtp, c.AsOf)
        : new(v.Code, v.Name, 0, 0, null);

    public CoverageLine Kecamatan(Region k)
    {
        if (_rollup.TryGetValue(k.Code, out var own)) return new(k.Code, k.Name, own.Covered, own.WajibKtp, own.AsOf);
        var parts = Villages.Where(v => v.ParentCode == k.Code && _rollup.ContainsKey(v.Code)).Select(v => _rollup[v.Code]).ToList();
        return new(k.Code, k.Name, parts.Sum(p => p.Covered), parts.Sum(p => p.WajibKtp), parts.Count == 0 ? null : parts.Max(p => p.AsOf));
    }

    /// <summary>Every nagari with a target of its own, by code.</summary>
    public IReadOnlyDictionary<string, CoverageLine> VillagesWithTarget() =>
        Villages.Select(Village).Where(l => l.HasTarget).ToDictionary(l => l.Code);
}

/// <summary>A coverage percentage as every page writes it: one decimal, the reader's culture, "71,8 %".</summary>
public static class CoveragePercent
{
    public static string Text(double percent) => percent.ToString("0.0", System.Globalization.CultureInfo.CurrentCulture) + " %";
}
