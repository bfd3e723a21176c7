using EKtp.Web.Infrastructure;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Appointments;

/// <summary>
/// Marks appointments as affected by a disruption and queues one "affected" message for each, in the caller's
/// transaction. An appointment already affected by another disruption keeps that mark (and got its message then).
/// </summary>
public static class AffectedAppointments
{
    public static string DedupKey(Guid appointmentId, Guid disruptionId) => $"affected:{appointmentId}:{disruptionId}";

    /// <summary>The span a disruption covers: to its expected end, or, when open-ended, to the end of the day it starts.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Cover(Disruption d) =>
        (d.StartsAt, d.EndedAt ?? d.ExpectedEndAt ?? Wib.At(DateOnly.FromDateTime(d.StartsAt.ToWib().DateTime).AddDays(1), TimeOnly.MinValue));

    /// <summary>Active appointments whose slot at the disrupted point overlaps the disruption's cover.</summary>
    public static IQueryable<Appointment> Overlapping(EKtpDbContext db, Disruption d)
    {
        var (from, to) = Cover(d);
        return db.Appointments.Where(Appointment.IsActive)
            .Where(a => a.Slot!.ServicePointId == d.ServicePointId && a.Slot.StartsAt < to && a.Slot.EndsAt > from);
    }

    /// <summary>Marks the given appointments (active, not yet affected) and queues their messages; returns how many were marked.</summary>
    public static async Task<int> MarkAsync(EKtpDbContext db, TimeProvider clock, Disruption d, IQueryable<Appointment> appointments,
        SiteOptions site, CancellationToken ct)
    {
        var marked = await db.MarkAffectedAsync(appointments, d.Id, ct);
        if (marked == 0) return 0;
        var rows = await db.Appointments.AsNoTracking().Where(a => a.AffectedByDisruptionId == d.Id)
            .Select(a => new
            {
                a.Id, a.Code, a.Phone, a.Slot!.StartsAt,
                Place = a.Slot.MobileStop != null ? a.Slot.MobileStop.Place : a.ServicePoint!.Name,
            })
            .ToListAsync(ct);
        foreach (var a in rows.Where(r => r.Phone != ""))
        {
            var body = d.Kind switch
            {
                DisruptionKind.MobileStopCancelled => NotificationTexts.StopCancelled(a.Code, a.StartsAt, a.Place, site),
                DisruptionKind.ScheduleChange => NotificationTexts.ScheduleChanged(a.Code, a.StartsAt, a.Place, site),
                _ => NotificationTexts.Affected(a.Code, a.StartsAt, a.Place, d.Kind, site),
            };
            db.Enqueue(clock, NotificationKinds.AffectedByDisruption, DedupKey(a.Id, d.Id), a.Phone, body);
        }
        return marked;
    }
}
