using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// The nagari (villages) a resident may name as domicile, held in memory: regions are reference data that only the
/// seeder writes (from Data/Seed/pasaman-wilayah.csv, at start-up), so the booking validator and the personal-data form
/// need not ask PostgreSQL for them on every request. Measured: the village check was one of six round trips per
/// booking (docs/benchmarks.md). Loaded on first use; <see cref="Forget"/> drops the copy (after a reseed, say).
/// </summary>
public sealed class VillageDirectory(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyList<VillageOption> Villages, IReadOnlyDictionary<string, VillageOption> ByCode);

    /// <summary>Every village, ordered by kecamatan then name (the order of the form's list).</summary>
    public async Task<IReadOnlyList<VillageOption>> AllAsync(CancellationToken ct = default) => (await LoadAsync(ct)).Villages;

    /// <summary>The village with this code, or null when the code is not a village of the regency.</summary>
    public async Task<VillageOption?> FindAsync(string? code, CancellationToken ct = default) =>
        code is not null && (await LoadAsync(ct)).ByCode.TryGetValue(code, out var village) ? village : null;

    public void Forget() => _snapshot = null;

    private async ValueTask<Snapshot> LoadAsync(CancellationToken ct)
    {
        if (_snapshot is { } ready) return ready;
        await _loading.WaitAsync(ct);
        try
        {
            if (_snapshot is { } loaded) return loaded;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            var villages = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village)
                .OrderBy(r => r.Parent!.Name).ThenBy(r => r.Name)
                .Select(r => new VillageOption(r.Code, r.Name, r.Parent!.Name)).ToListAsync(ct);
            // An empty table (a database not seeded yet) is not remembered: the next request asks again.
            var snapshot = new Snapshot(villages, villages.ToDictionary(v => v.Code, StringComparer.Ordinal));
            if (villages.Count > 0) _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }
}
