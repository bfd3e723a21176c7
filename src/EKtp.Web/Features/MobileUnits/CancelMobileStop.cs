using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.HomeVisits;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.MobileUnits;

/// <summary>
/// Cancels a stop. Its slots close at once (nobody books them any more). When it holds bookings, a disruption of
/// kind <see cref="DisruptionKind.MobileStopCancelled"/> is recorded over the stop's hours and its appointments are
/// marked affected and their residents told, in one transaction: they rebook in one click like any disrupted resident.
/// Home visits planned into the stop wait for a new day again, their families told, in the same transaction.
/// </summary>
public sealed class CancelMobileStop(EKtpDbContext db, TimeProvider clock, SlotGenerator slots, IOptions<SiteOptions> site)
{
    public const string AuditAction = "mobile-stop-cancelled";

    public async Task<int?> HandleAsync(Guid stopId, string reason, Guid byUser, AuditLog audit, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var stop = await db.MobileStops.SingleOrDefaultAsync(s => s.Id == stopId && s.Status == MobileStopStatus.Planned, ct);
        if (stop is null) return null;
        stop.Status = MobileStopStatus.Cancelled;
        audit.Add(AuditAction, "mobile-stop", stop.Id.ToString(), reason: reason);
        await db.SaveChangesAsync(ct);
        await db.Slots.Where(s => s.MobileStopId == stopId).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true), ct);

        var appointments = db.Appointments.Where(Appointment.IsActive).Where(a => a.Slot!.MobileStopId == stopId);
        var affected = 0;
        if (await appointments.AnyAsync(ct))
        {
            var disruption = new Disruption
            {
                ServicePointId = stop.ServicePointId, Kind = DisruptionKind.MobileStopCancelled,
                StartsAt = Wib.At(stop.Date, stop.Start), ExpectedEndAt = Wib.At(stop.Date, stop.End),
                PublicNote = reason, DeclaredById = byUser,
            };
            db.Disruptions.Add(disruption);
            await db.SaveChangesAsync(ct);
            affected = await AffectedAppointments.MarkAsync(db, clock, disruption, appointments, site.Value, ct);
            await db.SaveChangesAsync(ct);
        }
        await ChangeHomeVisit.ReturnToWaitingAsync(db, clock, stop, site.Value, ct);
        await tx.CommitAsync(ct);
        await slots.GenerateAsync(ct);
        return affected;
    }
}
