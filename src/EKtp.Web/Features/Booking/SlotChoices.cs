using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Booking;

/// <summary>A slot a resident may choose: it has room, it is open, and it is from tomorrow up to the booking window.</summary>
public sealed record SlotChoice(Guid Id, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Available, string? Place);

/// <summary>An active service point as the booking pages show it, with its id.</summary>
public sealed record BookablePlace(Guid Id, PlaceOption Option);

/// <summary>
/// The queries of the slot-choice page, the portal's busiest page. They are compiled once (EF.CompileAsyncQuery) so a
/// request skips EF's expression-tree work and query-cache lookup: about 6 % of the page's CPU when measured.
/// </summary>
public static class SlotChoices
{
    private static readonly Func<EKtpDbContext, string, CancellationToken, Task<BookablePlace?>> PlaceQuery =
        EF.CompileAsyncQuery((EKtpDbContext db, string code, CancellationToken _) => db.ServicePoints.AsNoTracking()
            .Where(p => p.Code == code && p.IsActive)
            .Select(p => new BookablePlace(p.Id, new PlaceOption(p.Code, p.Name, p.Address, p.Kind)))
            .SingleOrDefault());

    private static readonly Func<EKtpDbContext, Guid, Guid?, DateOnly, DateOnly, IAsyncEnumerable<SlotChoice>> OpenQuery =
        EF.CompileAsyncQuery((EKtpDbContext db, Guid pointId, Guid? stopId, DateOnly from, DateOnly to) => db.Slots.AsNoTracking()
            .Where(s => s.ServicePointId == pointId && s.Date >= from && s.Date <= to && !s.IsClosed && s.Booked < s.Capacity
                && (stopId == null || s.MobileStopId == stopId))
            .OrderBy(s => s.StartsAt)
            .Select(s => new SlotChoice(s.Id, s.Date, s.StartsAt, s.EndsAt, s.Capacity - s.Booked,
                s.MobileStop == null ? null : s.MobileStop.Place)));

    /// <summary>The active service point with this code (the place step's link), or null.</summary>
    public static Task<BookablePlace?> BookablePlaceAsync(this EKtpDbContext db, string? code, CancellationToken ct = default) =>
        code is null ? Task.FromResult<BookablePlace?>(null) : PlaceQuery(db, code, ct);

    /// <summary>
    /// Every bookable slot of a service point (or of one mobile stop) in the window, in time order: one indexed query
    /// (ix_slots_service_point_id_date). The slot-choice page draws its day list and the chosen day from these rows.
    /// </summary>
    public static async Task<List<SlotChoice>> OpenAsync(this EKtpDbContext db, Guid pointId, Guid? stopId, DateOnly today, int windowDays,
        CancellationToken ct = default)
    {
        var open = new List<SlotChoice>();
        await foreach (var slot in OpenQuery(db, pointId, stopId, today.AddDays(1), today.AddDays(windowDays)).WithCancellation(ct))
            open.Add(slot);
        return open;
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
