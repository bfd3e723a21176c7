using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Booking;

/// <summary>A slot a resident may choose: it has room, it is open, and it is from tomorrow up to the booking window.</summary>
public sealed record SlotChoice(Guid Id, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Available, string? Place);

public static class SlotChoices
{
    /// <summary>
    /// Every bookable slot of a service point (or of one mobile stop) in the window, in time order: one indexed query
    /// (ix_slots_service_point_id_date). The slot-choice page draws its day list and the chosen day from these rows.
    /// </summary>
    public static Task<List<SlotChoice>> OpenAsync(this EKtpDbContext db, Guid pointId, Guid? stopId, DateOnly today, int windowDays,
        CancellationToken ct = default)
    {
        var from = today.AddDays(1);
        var to = today.AddDays(windowDays);
        return db.Slots.AsNoTracking()
            .Where(s => s.ServicePointId == pointId && s.Date >= from && s.Date <= to && !s.IsClosed && s.Booked < s.Capacity
                && (stopId == null || s.MobileStopId == stopId))
            .OrderBy(s => s.StartsAt)
            .Select(s => new SlotChoice(s.Id, s.Date, s.StartsAt, s.EndsAt, s.Capacity - s.Booked,
                s.MobileStop == null ? null : s.MobileStop.Place))
            .ToListAsync(ct);
    }

    /// <summary>The next few free slots after a refusal (full, closed meanwhile): the resident's way on.</summary>
    public static async Task<List<SlotChoice>> NextFreeAsync(this EKtpDbContext db, Guid pointId, DateTimeOffset after, DateOnly today,
        int windowDays, int take = 5, CancellationToken ct = default)
    {
        var from = today.AddDays(1);
        var to = today.AddDays(windowDays);
        return await db.Slots.AsNoTracking()
            .Where(s => s.ServicePointId == pointId && s.Date >= from && s.Date <= to && !s.IsClosed && s.Booked < s.Capacity
                && s.StartsAt >= after)
            .OrderBy(s => s.StartsAt)
            .Take(take)
            .Select(s => new SlotChoice(s.Id, s.Date, s.StartsAt, s.EndsAt, s.Capacity - s.Booked,
                s.MobileStop == null ? null : s.MobileStop.Place))
            .ToListAsync(ct);
    }
}
