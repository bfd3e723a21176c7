using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Booking;

public enum ChangeResult { Done, NotFound, NotActive, PastCutoff, SlotFull, SlotClosed, SameSlot }

public sealed record ChangeOutcome(ChangeResult Result, IReadOnlyList<SlotChoice> NextSlots)
{
    public static readonly ChangeOutcome Done = new(ChangeResult.Done, []);
    public static ChangeOutcome Refused(ChangeResult result) => new(result, []);
}

/// <summary>
/// Reschedule and cancel, each in one transaction that first locks the appointment row, so two tabs (or a tab and the
/// API) changing the same appointment cannot both release its place; the change itself is
/// <see cref="AppointmentTransitions"/>'s conditional statement. Allowed while the slot is at least
/// <see cref="BookingOptions.ChangeCutoffHours"/> away, the cut-off instant included. Each change queues its message to
/// the resident (new time and place; how to book again) in the same transaction: no change without its message, and no
/// message for a change that did not commit.
/// </summary>
public sealed class ChangeAppointment(EKtpDbContext db, TimeProvider clock, IOptions<BookingOptions> options, IOptions<SiteOptions> site)
{
    public DateTimeOffset CutoffOf(Slot slot) => slot.StartsAt.AddHours(-options.Value.ChangeCutoffHours);

    public bool CanChange(Appointment a) =>
        a.Status == AppointmentStatus.Booked && a.Slot is not null && clock.GetUtcNow() <= CutoffOf(a.Slot);

    public async Task<ChangeOutcome> CancelAsync(Guid appointmentId, string? reason, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var appointment = await LockAsync(appointmentId, ct);
        if (appointment is null) return ChangeOutcome.Refused(ChangeResult.NotFound);
        if (appointment.Status != AppointmentStatus.Booked) return ChangeOutcome.Refused(ChangeResult.NotActive);
        if (clock.GetUtcNow() > CutoffOf(appointment.Slot!)) return ChangeOutcome.Refused(ChangeResult.PastCutoff);

        if (!await db.CancelAsync(appointment.Id, appointment.SlotId, reason, clock.GetUtcNow(), ct)) return ChangeOutcome.Refused(ChangeResult.NotActive);
        if (appointment.Phone != "")
            db.Enqueue(clock, NotificationKinds.Cancelled, $"cancelled:{appointment.Id:N}", appointment.Phone,
                NotificationTexts.Cancelled(appointment.Code, site.Value));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ChangeOutcome.Done;
    }

    public async Task<ChangeOutcome> RescheduleAsync(Guid appointmentId, Guid newSlotId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var appointment = await LockAsync(appointmentId, ct);
        if (appointment is null) return ChangeOutcome.Refused(ChangeResult.NotFound);
        if (appointment.Status != AppointmentStatus.Booked) return ChangeOutcome.Refused(ChangeResult.NotActive);
        if (now > CutoffOf(appointment.Slot!)) return ChangeOutcome.Refused(ChangeResult.PastCutoff);
        if (newSlotId == appointment.SlotId) return ChangeOutcome.Refused(ChangeResult.SameSlot);

        var slot = await db.Slots.AsNoTracking().Include(s => s.ServicePoint).Include(s => s.MobileStop)
            .SingleOrDefaultAsync(s => s.Id == newSlotId, ct);
        if (slot is null || clock.BookingWindow(options.Value.WindowDays).Refusal(slot) is not (SlotRefusal.None or SlotRefusal.Full))
            return await RefusedAsync(ChangeResult.SlotClosed, appointment, ct);
        switch (await db.RescheduleAsync(appointment.Id, appointment.SlotId, slot, now, ct))
        {
            case MoveResult.SlotUnavailable:
                var fresh = await db.Slots.AsNoTracking().SingleAsync(s => s.Id == newSlotId, ct);
                return await RefusedAsync(fresh.IsClosed || fresh.StartsAt <= now ? ChangeResult.SlotClosed : ChangeResult.SlotFull, appointment, ct);
            case MoveResult.NotApplicable:
                return ChangeOutcome.Refused(ChangeResult.NotActive);
        }
        // Keyed by the move's number, so moving back to an earlier slot is announced too.
        if (appointment.Phone != "")
            db.Enqueue(clock, NotificationKinds.Rescheduled, $"rescheduled:{appointment.Id:N}:{appointment.RescheduleCount + 1}",
                appointment.Phone, NotificationTexts.Rescheduled(appointment.Code, slot.StartsAt, BookingSlip.PlaceInMessage(slot), site.Value));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ChangeOutcome.Done;
    }

    private Task<Appointment?> LockAsync(Guid id, CancellationToken ct) =>
        db.Appointments.FromSql($"SELECT * FROM appointments WHERE id = {id} FOR UPDATE").AsNoTracking()
            .Include(a => a.Slot)
            .SingleOrDefaultAsync(ct);

    private async Task<ChangeOutcome> RefusedAsync(ChangeResult result, Appointment appointment, CancellationToken ct) =>
        new(result, await db.NextFreeAsync(appointment.ServicePointId, DateTimeOffset.MinValue, clock.Today(), options.Value.WindowDays, ct: ct));
}
