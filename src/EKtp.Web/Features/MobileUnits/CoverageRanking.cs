using EKtp.Web.Data;
using EKtp.Web.Features.Dashboard;

namespace EKtp.Web.Features.MobileUnits;

public sealed record NagariCoverage(string RegionCode, int WajibKtp, int Recorded, double Percent)
{
    public double Coverage => WajibKtp == 0 ? 1 : (double)Recorded / WajibKtp;
}

/// <summary>
/// Coverage per nagari, so the nagari that most need a visit are suggested first. The figures are the dashboard's own
/// (<see cref="CoverageFigures"/>, decision 1531): the same nagari shows the same percentage on both pages. Nagari
/// without a target are simply absent.
/// </summary>
public sealed class CoverageRanking(EKtpDbContext db)
{
    public async Task<IReadOnlyDictionary<string, NagariCoverage>> ReadAsync(CancellationToken ct = default) =>
        (await CoverageFigures.ReadAsync(db, ct)).VillagesWithTarget().Values
            .ToDictionary(l => l.Code, l => new NagariCoverage(l.Code, l.WajibKtp, l.Covered, l.Percent));

    /// <summary>The nagari with the lowest coverage first.</summary>
    public async Task<IReadOnlyList<(NagariCoverage Coverage, string Name)>> LowestAsync(int count, CancellationToken ct = default)
    {
        var lines = (await CoverageFigures.ReadAsync(db, ct)).VillagesWithTarget().Values;
        return lines.OrderBy(l => l.Percent).ThenByDescending(l => l.Gap).Take(count)
            .Select(l => (new NagariCoverage(l.Code, l.WajibKtp, l.Covered, l.Percent), l.Name)).ToList();
    }
}
