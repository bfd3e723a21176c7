using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Admin;

/// <summary>What <see cref="SlotImpact.ApplyAsync"/> did: saved, or not saved because the admin must first confirm <see cref="Affected"/>.</summary>
public sealed record SlotImpactResult(bool Saved, int Affected);

/// <summary>
/// What an administrative change (schedule, holiday, closure, deactivation) does to booked residents. A change is
/// saved inside a transaction, the plan is read again as that transaction sees it, and the slots the plan no longer
/// has are closed there and then. The active appointments in those slots are the affected ones: unless the admin has
/// confirmed exactly that many, everything is rolled back and the count returned (the confirmation page shows it);
/// once confirmed, they are marked affected through a <see cref="DisruptionKind.ScheduleChange"/> disruption per
/// service point (<see cref="AffectedAppointments.MarkAsync"/>, one message each), in the same transaction.
/// </summary>
public sealed class SlotImpact(EKtpDbContext db, SlotGenerator generator, TimeProvider clock, AuditLog audit,
    IOptions<SiteOptions> site)
{
    public const string AuditAction = "schedule-change-affected";

    /// <summary>Open future slots of the window that the current plan no longer offers (booked or not).</summary>
    public async Task<List<Guid>> LostSlotIdsAsync(CancellationToken ct = default)
    {
        var planned = (await generator.PlanAsync(ct)).Select(p => (p.PointId, p.Slot.StartsAt)).ToHashSet();
        var (from, to) = generator.Window();
        var now = clock.GetUtcNow();
        var open = await db.Slots.AsNoTracking()
            .Where(s => s.Date >= from && s.Date <= to && !s.IsClosed && s.StartsAt > now)
            .Select(s => new { s.Id, s.ServicePointId, s.StartsAt })
            .ToListAsync(ct);
        return open.Where(s => !planned.Contains((s.ServicePointId, s.StartsAt))).Select(s => s.Id).ToList();
    }

    /// <summary>Active appointments in future, open slots that the current plan no longer offers.</summary>
    public async Task<List<Guid>> AffectedAppointmentIdsAsync(CancellationToken ct = default)
    {
        var lost = await LostSlotIdsAsync(ct);
        if (lost.Count == 0) return [];
        return await db.Appointments.AsNoTracking()
            .Where(Appointment.IsActive).Where(a => lost.Contains(a.SlotId))
            .Select(a => a.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Runs <paramref name="change"/> (which saves its rows, audit entry included) in a transaction and closes the
    /// slots it takes away. When that affects booked appointments and <paramref name="confirmed"/> is not exactly their
    /// number, everything is rolled back and the number returned unsaved. Otherwise the appointments are marked
    /// affected (the disruption's public note is <paramref name="cause"/>), their messages queued, it all commits in
    /// one transaction, and the slots are regenerated. Inside a caller's transaction (<see cref="SubmitOnce"/>) it neither
    /// commits nor rolls back nor regenerates: the caller rolls back when nothing was saved, and calls
    /// <see cref="GenerateSlotsAsync"/> after its commit, so nobody waits on the caller's locks during generation.
    /// </summary>
    public async Task<SlotImpactResult> ApplyAsync(Func<Task> change, string cause, Guid byUser, int? confirmed,
        CancellationToken ct = default)
    {
        int affected;
        bool owned;
        await using (var tx = await db.Database.BeginOrJoinTransactionAsync(ct))
        {
            owned = tx.Owned;
            await change();
            var lost = await LostSlotIdsAsync(ct);
            // Closed first: a booking racing this change waits on these rows, then finds them closed.
            if (lost.Count > 0)
                await db.Slots.Where(s => lost.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true), ct);
            var appointments = lost.Count == 0 ? [] : await db.Appointments.AsNoTracking()
                .Where(Appointment.IsActive).Where(a => lost.Contains(a.SlotId))
                .Select(a => new { a.Id, a.Slot!.ServicePointId, a.Slot.StartsAt, a.Slot.EndsAt })
                .ToListAsync(ct);
            affected = appointments.Count;
            if (affected > 0 && confirmed != affected)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new SlotImpactResult(false, affected);
            }
            foreach (var point in appointments.GroupBy(a => a.ServicePointId))
            {
                var disruption = new Disruption
                {
                    ServicePointId = point.Key, Kind = DisruptionKind.ScheduleChange,
                    StartsAt = point.Min(a => a.StartsAt), ExpectedEndAt = point.Max(a => a.EndsAt),
                    PublicNote = cause.Length <= 500 ? cause : cause[..500], DeclaredById = byUser,
                };
                db.Disruptions.Add(disruption);
                audit.Add(AuditAction, "disruption", disruption.Id.ToString(), reason: $"{point.Count()} appointments at {point.Key}");
                await db.SaveChangesAsync(ct);
                var ids = point.Select(a => a.Id).ToList();
                await AffectedAppointments.MarkAsync(db, clock, disruption, db.Appointments.Where(a => ids.Contains(a.Id)),
                    site.Value, ct);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        if (owned) await generator.GenerateAsync(ct);
        return new SlotImpactResult(true, affected);
    }

    /// <summary>The slot generation that follows a change saved in a caller's transaction, once that has committed.</summary>
    public Task GenerateSlotsAsync(CancellationToken ct = default) => generator.GenerateAsync(ct);
}
