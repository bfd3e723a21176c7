using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Queue;

/// <summary>
/// Takes the next queue number of a series at a point for a day with one conditional upsert on the day's counter
/// row. For walk-ins (series B) the upsert only succeeds below the point's daily walk-in quota, so the quota holds
/// however many operators issue tickets at once. Call it inside the transaction that inserts the ticket: a rollback
/// gives the number back.
/// </summary>
public static class TicketNumbers
{
    /// <summary>The number taken, or null when the walk-in quota is used up.</summary>
    public static async Task<int?> TakeAsync(this EKtpDbContext db, Guid pointId, DateOnly date, TicketSeries series, CancellationToken ct)
    {
        var s = series.ToString();
        // Only walk-ins (series B) have a daily quota. The name is a bound parameter, from the code.
        const string walkIns = nameof(TicketSeries.B);
        var taken = await db.Database.SqlQuery<int>($"""
            INSERT INTO queue_counters AS c (service_point_id, service_date, series, last_number)
            SELECT {pointId}, {date}, {s}, 1
            WHERE {s} <> {walkIns} OR (SELECT walk_in_daily_quota FROM service_points WHERE id = {pointId}) > 0
            ON CONFLICT (service_point_id, service_date, series) DO UPDATE SET last_number = c.last_number + 1
            WHERE c.series <> {walkIns} OR c.last_number < (SELECT p.walk_in_daily_quota FROM service_points p WHERE p.id = c.service_point_id)
            RETURNING c.last_number AS "Value"
            """).ToListAsync(ct);
        return taken.Count == 1 ? taken[0] : null;
    }
}
