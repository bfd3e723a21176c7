using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// What a booking needs to know of its slot before it writes, kept for a minute of real time (decision 1710): the slot's time, its
/// service point and mobile stop, for the window's rules, the answer and the SMS. None of it decides whether there is
/// room: the booking's one statement checks that the slot is open, has a place and starts later (as ever), and also that
/// its mobile stop and the stop's place are still the ones kept here, so a schedule change (which may move a slot without
/// bookings to another stop) or a renamed place is never booked on an old copy: the slot is read again and the booking
/// tried once more. A service point's name and code are the one thing a copy may hold up to a minute old, on another
/// instance than the one where an admin changed them (this one forgets every copy then).
/// </summary>
/// <remarks>
/// A slot's id, service point, date and start never change once generated (the generator finds slots by service point and
/// start); its end, its stop, its capacity, its count and its closure may, and only the stop is read from the copy.
/// </remarks>
public sealed class SlotPlaces : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>Slots of a fortnight's window at every service point fit many times over; the rest are read again.</summary>
    private const int MaxSlots = 20_000;

    private readonly MemoryCache _slots = new(new MemoryCacheOptions { SizeLimit = MaxSlots });

    /// <summary>The slot with its service point and stop: compiled once, it is read on every miss.</summary>
    private static readonly Func<EKtpDbContext, Guid, CancellationToken, Task<Slot?>> SlotWithPlace =
        EF.CompileAsyncQuery((EKtpDbContext db, Guid id, CancellationToken _) => db.Slots.AsNoTracking()
            .Include(s => s.ServicePoint).Include(s => s.MobileStop)
            .SingleOrDefault(s => s.Id == id));

    /// <summary>
    /// The slot, from the copy (<see cref="Kept.Fresh"/> false: its count, capacity and closure are not known) or read now
    /// (true: every field as the database has it). Null when there is no such slot.
    /// </summary>
    public async Task<Kept?> FindAsync(EKtpDbContext db, Guid id, CancellationToken ct)
    {
        if (_slots.TryGetValue(id, out Slot? kept)) return new Kept(Copy(kept!), Fresh: false);
        return await ReadAsync(db, id, ct) is { } slot ? new Kept(slot, Fresh: true) : null;
    }

    /// <summary>Reads the slot now and keeps it; null (and nothing kept) when there is no such slot.</summary>
    public async Task<Slot?> ReadAsync(EKtpDbContext db, Guid id, CancellationToken ct)
    {
        var slot = await SlotWithPlace(db, id, ct);
        if (slot is null)
        {
            _slots.Remove(id);
            return null;
        }
        _slots.Set(id, Copy(slot), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return slot;
    }

    /// <summary>After an admin changed a service point (its name or code, which a booking's SMS and answer carry).</summary>
    public void ForgetAll() => _slots.Clear();

    /// <summary>
    /// A request's own slot: the kept one is never handed out (a caller may change a field), only its service point and
    /// stop are shared, read-only and never attached to a context. Count and closure are left out: a copy does not know them.
    /// </summary>
    private static Slot Copy(Slot s) => new()
    {
        Id = s.Id, RegencyCode = s.RegencyCode, ServicePointId = s.ServicePointId, ServicePoint = s.ServicePoint,
        MobileStopId = s.MobileStopId, MobileStop = s.MobileStop, Date = s.Date, StartsAt = s.StartsAt, EndsAt = s.EndsAt,
        Capacity = s.Capacity, Booked = 0, IsClosed = false,
    };

    public void Dispose() => _slots.Dispose();

    /// <param name="Fresh">True when read from the database for this call; false when from the copy.</param>
    public sealed record Kept(Slot Slot, bool Fresh);
}
