using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.MobileUnits;

public sealed record NagariCoverage(string RegionCode, int WajibKtp, int Recorded)
{
    public double Coverage => WajibKtp == 0 ? 1 : (double)Recorded / WajibKtp;
}

/// <summary>
/// Coverage per nagari, from the latest population target of each and the recordings logged since its date, so the
/// nagari that most need a visit are suggested first. One query; nagari without a target are simply absent.
/// (Column aliases are snake_case: the naming convention maps SqlQuery results too.)
/// </summary>
public sealed class CoverageRanking(EKtpDbContext db)
{
    public async Task<IReadOnlyDictionary<string, NagariCoverage>> ReadAsync(CancellationToken ct = default)
    {
        var (village, recorded) = (nameof(RegionLevel.Village), nameof(RecordingOutcome.Recorded));
        var rows = await db.Database.SqlQuery<NagariCoverage>($"""
            SELECT t.region_code, t.wajib_ktp,
                   LEAST(t.wajib_ktp, t.recorded_before + COUNT(r.id))::int AS recorded
            FROM (SELECT DISTINCT ON (region_code) region_code, wajib_ktp, recorded_before, as_of
                  FROM population_targets ORDER BY region_code, as_of DESC) AS t
            JOIN regions AS g ON g.code = t.region_code AND g.level = {village}
            LEFT JOIN recordings AS r ON r.village_code = t.region_code AND r.outcome = {recorded}
                 AND r.recorded_at >= (t.as_of::timestamp - interval '7 hours') AT TIME ZONE 'UTC'
            GROUP BY t.region_code, t.wajib_ktp, t.recorded_before
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.RegionCode);
    }

    /// <summary>The nagari with the lowest coverage first.</summary>
    public async Task<IReadOnlyList<(NagariCoverage Coverage, string Name)>> LowestAsync(int count, CancellationToken ct = default)
    {
        var coverage = await ReadAsync(ct);
        var names = await db.Regions.AsNoTracking().Where(r => coverage.Keys.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return coverage.Values.OrderBy(c => c.Coverage).ThenByDescending(c => c.WajibKtp - c.Recorded).Take(count)
            .Select(c => (c, names.GetValueOrDefault(c.RegionCode, c.RegionCode))).ToList();
    }
}
