using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Scheduling;

/// <summary>
/// Keeps the bookable slots of the rolling window in line with the weekly schedules, extra sessions, holidays, closures
/// and mobile stops. Idempotent: run it as often as you like. A slot the plan no longer has is closed (not deleted, so its id stays
/// valid for anyone holding it): an empty one here, a booked one by the admin change that removed it
/// (<c>SlotImpact.ApplyAsync</c>, which marks its appointments affected first). Booked slots keep their capacity and
/// times; a closed slot, booked or not, is reopened if the plan brings it back.
/// </summary>
public sealed class SlotGenerator(EKtpDbContext db, TimeProvider clock, IOptions<BookingOptions> booking)
{
    /// <summary>The first and last date of the rolling window.</summary>
    public (DateOnly From, DateOnly To) Window()
    {
        var from = clock.Today();
        return (from, from.AddDays(booking.Value.WindowDays));
    }

    /// <summary>
    /// The slots the plan (schedules, holidays, closures, mobile stops) asks for in the window, read from the
    /// database as this context sees it: inside a transaction, that includes changes not yet committed.
    /// </summary>
    public async Task<List<(Guid PointId, Guid? StopId, PlannedSlot Slot)>> PlanAsync(CancellationToken ct = default)
    {
        var (from, to) = Window();
        var points = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive).Include(p => p.Sessions).ToListAsync(ct);
        var holidays = (await db.Holidays.AsNoTracking().Where(h => h.Date >= from && h.Date <= to).Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        var closures = await db.Closures.AsNoTracking().Where(c => c.To >= from && c.From <= to).ToListAsync(ct);
        var stops = await db.MobileStops.AsNoTracking()
            .Where(s => s.Status == MobileStopStatus.Planned && s.Date >= from && s.Date <= to).ToListAsync(ct);
        var extra = await db.ExtraSessions.AsNoTracking().Where(s => s.Date >= from && s.Date <= to).ToListAsync(ct);

        var planned = new List<(Guid PointId, Guid? StopId, PlannedSlot Slot)>();
        foreach (var point in points)
        {
            for (var date = from; date <= to; date = date.AddDays(1))
            {
                if (holidays.Contains(date) || closures.Any(c => c.ServicePointId == point.Id && c.From <= date && c.To >= date))
                    continue;
                if (point.Kind == ServicePointKind.MobileUnit)
                {
                    foreach (var stop in stops.Where(s => s.ServicePointId == point.Id && s.Date == date))
                        planned.AddRange(SlotPlanner.ForStop(stop).Select(s => (point.Id, (Guid?)stop.Id, s)));
                }
                else
                {
                    planned.AddRange(SlotPlanner.ForSessions(date, point.Sessions).Select(s => (point.Id, (Guid?)null, s)));
                    // An office's extra sessions of the date (the Lebaran surge), cut like its weekly ones.
                    foreach (var e in extra.Where(e => e.ServicePointId == point.Id && e.Date == date))
                        planned.AddRange(SlotPlanner.Cut(date, e.Start, e.End, e.SlotMinutes, e.CapacityPerSlot).Select(s => (point.Id, (Guid?)null, s)));
                }
            }
        }

        return planned;
    }

    public async Task<SlotGenerationResult> GenerateAsync(CancellationToken ct = default)
    {
        var (from, to) = Window();
        var planned = await PlanAsync(ct);
        var existing = await db.Slots.Where(s => s.Date >= from && s.Date <= to).ToListAsync(ct);
        var byKey = existing.ToDictionary(s => (s.ServicePointId, s.StartsAt));
        var plannedKeys = planned.Select(p => (p.PointId, p.Slot.StartsAt)).ToHashSet();
        var result = new SlotGenerationResult();

        foreach (var slot in existing.Where(s => s.Booked == 0))
        {
            var wanted = plannedKeys.Contains((slot.ServicePointId, slot.StartsAt));
            if (!wanted && !slot.IsClosed) { slot.IsClosed = true; result.Closed++; }
        }

        var toInsert = new List<Slot>();
        foreach (var (pointId, stopId, p) in planned)
        {
            if (byKey.TryGetValue((pointId, p.StartsAt), out var slot))
            {
                if (slot.Booked > 0)
                {
                    // Closed by an admin change that has since been undone (the closure deleted, the session back).
                    if (slot.IsClosed && slot.EndsAt == p.EndsAt && slot.MobileStopId == stopId) { slot.IsClosed = false; result.Reopened++; }
                    continue;
                }
                if (slot.IsClosed || slot.Capacity != p.Capacity || slot.MobileStopId != stopId || slot.EndsAt != p.EndsAt)
                {
                    if (slot.IsClosed) result.Reopened++;
                    slot.IsClosed = false;
                    slot.Capacity = p.Capacity;
                    slot.EndsAt = p.EndsAt;
                    slot.MobileStopId = stopId;
                }
                continue;
            }
            toInsert.Add(new Slot
            {
                ServicePointId = pointId, MobileStopId = stopId, Date = p.Date,
                StartsAt = p.StartsAt, EndsAt = p.EndsAt, Capacity = p.Capacity,
            });
        }
        db.Slots.AddRange(toInsert);
        result.Created = toInsert.Count;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (toInsert.Count > 0)
        {
            // Another instance generated the same slots at the same moment; its rows are as good as ours.
            db.ChangeTracker.Clear();
            result.Created = 0;
        }
        db.ChangeTracker.Clear();
        return result;
    }
}

public sealed class SlotGenerationResult
{
    public int Created { get; set; }
    public int Closed { get; set; }
    public int Reopened { get; set; }
}

/// <summary>Runs the generator every hour (<c>Jobs:SlotGeneration</c>), so the window rolls forward and admin changes take effect.</summary>
public sealed class SlotGenerationJob(SlotGenerator generator, ILogger<SlotGenerationJob> logger) : IRecurringJob
{
    public static string Name => "SlotGeneration";

    public static TimeSpan DefaultInterval => TimeSpan.FromHours(1);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var result = await generator.GenerateAsync(ct);
        logger.LogInformation("Slots generated: {Created} created, {Closed} closed, {Reopened} reopened", result.Created, result.Closed, result.Reopened);
    }
}
