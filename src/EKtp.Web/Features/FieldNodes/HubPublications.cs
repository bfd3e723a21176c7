using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// At the hub: one publication per service point that can have a field node (every active point but the district
/// office), made when missing. Cheap without a subscriber: a publication holds no WAL, only a slot does.
/// </summary>
public sealed class HubPublications(EKtpDbContext db, ILogger<HubPublications> logger)
{
    public async Task<int> EnsureAsync(CancellationToken ct = default)
    {
        var points = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive && p.Kind != ServicePointKind.DistrictOffice)
            .Select(p => new { p.Id, p.Code }).ToListAsync(ct);
        var existing = (await db.Database.SqlQuery<string>($"""SELECT pubname AS "Value" FROM pg_catalog.pg_publication""").ToListAsync(ct)).ToHashSet();
        var made = 0;
        foreach (var p in points.Where(p => !existing.Contains(FieldReplication.PublicationName(p.Code))))
        {
            await db.Database.ExecuteSqlRawAsync(FieldReplication.CreatePublicationSql(p.Code, p.Id), ct);
            made++;
        }
        if (made > 0) logger.LogInformation("{Count} field node publications created", made);
        return made;
    }
}
