using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Admin;

/// <summary>
/// What an administrative change (schedule, holiday, closure, deactivation) does to booked residents. A change is
/// saved inside a transaction, the plan is read again as that transaction sees it, and the appointments whose slot the
/// plan no longer has are counted. Until the disruption capability (issue 5) can mark, rebook and notify them,
/// <see cref="ApplyAsync"/> refuses such a change with the count; <see cref="AffectedAppointmentIdsAsync"/> is the
/// piece to hand to that capability instead.
/// </summary>
public sealed class SlotImpact(EKtpDbContext db, SlotGenerator generator, TimeProvider clock)
{
    /// <summary>Active appointments in future, open, booked slots that the current plan no longer offers.</summary>
    public async Task<List<Guid>> AffectedAppointmentIdsAsync(CancellationToken ct = default)
    {
        var planned = (await generator.PlanAsync(ct)).Select(p => (p.PointId, p.Slot.StartsAt)).ToHashSet();
        var (from, to) = generator.Window();
        var now = clock.GetUtcNow();
        var booked = await db.Slots.AsNoTracking()
            .Where(s => s.Date >= from && s.Date <= to && s.Booked > 0 && !s.IsClosed && s.StartsAt > now)
            .Select(s => new { s.Id, s.ServicePointId, s.StartsAt })
            .ToListAsync(ct);
        var lost = booked.Where(s => !planned.Contains((s.ServicePointId, s.StartsAt))).Select(s => s.Id).ToList();
        if (lost.Count == 0) return [];
        return await db.Appointments.AsNoTracking()
            .Where(a => lost.Contains(a.SlotId) && Appointment.ActiveStatuses.Contains(a.Status))
            .Select(a => a.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Runs <paramref name="change"/> (which saves its rows, audit entry included) in a transaction. When the change
    /// would take the slot of any booked appointment, everything is rolled back and the number of those appointments
    /// returned; otherwise it is committed, the slots regenerated, and 0 returned.
    /// </summary>
    public async Task<int> ApplyAsync(Func<Task> change, CancellationToken ct = default)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await change();
            var affected = (await AffectedAppointmentIdsAsync(ct)).Count;
            if (affected > 0)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return affected;
            }
            await tx.CommitAsync(ct);
        }
        await generator.GenerateAsync(ct);
        return 0;
    }
}
