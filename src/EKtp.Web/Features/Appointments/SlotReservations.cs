using EKtp.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Appointments;

/// <summary>
/// The only code that changes a slot's <c>booked</c> count. Each change is one conditional UPDATE, so two residents
/// racing for the last place cannot both get it: PostgreSQL's row lock serialises them and the condition refuses the
/// second. A CHECK constraint (<c>booked BETWEEN 0 AND capacity</c>) backs it. Called inside
/// the statement or transaction that also writes the appointment (<see cref="AppointmentTransitions"/>), so a failure
/// leaves nothing half-done.
/// </summary>
public static class SlotReservations
{
    /// <summary>Takes one place in an open slot that has room and has not started; false when it is full, closed or past.</summary>
    /// <remarks>Written in SQL rather than ExecuteUpdate: it runs for every booking, and EF translates a LINQ update on
    /// every call (about 3 % of a booking's CPU when measured). The parameters are bound, not spliced in.</remarks>
    public static async Task<bool> TryReserveAsync(this EKtpDbContext db, Guid slotId, DateTimeOffset now, CancellationToken ct = default) =>
        await db.Database.ExecuteSqlRawAsync(ReserveStatement("{0}", "{1}"), [slotId, now], ct) == 1;

    /// <summary>The reservation's one conditional UPDATE, with the placeholders of the slot's id and of now; the booking
    /// runs it inside its single statement (<see cref="AppointmentTransitions.BookAsync"/>).</summary>
    public static string ReserveStatement(string slotId, string now) =>
        $"UPDATE slots SET booked = booked + 1 WHERE id = {slotId} AND NOT is_closed AND booked < capacity AND starts_at > {now}";

    /// <summary>Gives a place back (cancel, move).</summary>
    public static async Task ReleaseAsync(this EKtpDbContext db, Guid slotId, CancellationToken ct = default) =>
        await db.Slots
            .Where(s => s.Id == slotId && s.Booked > 0)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Booked - 1), ct);
}
