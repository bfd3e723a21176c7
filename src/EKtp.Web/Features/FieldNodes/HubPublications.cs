using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// At the hub: one publication per service point that can have a field node (every active point but the district
/// office), made when missing, and given the tables a later version publishes (disruptions and closures, decision
/// 1220); the node's subscription takes them up by itself. Cheap without a subscriber: a publication holds no WAL, only
/// a slot does.
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

        var published = (await db.Database.SqlQuery<string>($"""
            SELECT pubname || '.' || tablename AS "Value" FROM pg_catalog.pg_publication_tables WHERE schemaname = 'public'
            """).ToListAsync(ct)).ToHashSet();
        foreach (var p in points.Where(p => existing.Contains(FieldReplication.PublicationName(p.Code))))
        {
            var name = FieldReplication.PublicationName(p.Code);
            foreach (var sql in FieldReplication.AddMissingTablesSql(p.Code, p.Id, t => published.Contains(name + "." + t)))
            {
                await db.Database.ExecuteSqlRawAsync(sql, ct);
                logger.LogInformation("Field node publication {Publication} extended: {Sql}", name, sql);
            }
        }
        return made;
    }
}
