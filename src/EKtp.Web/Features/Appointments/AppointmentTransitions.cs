using System.Linq.Expressions;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EKtp.Web.Features.Appointments;

public enum BookSlotResult { Booked, SlotUnavailable, KeyUsed, DuplicateActive, CodeTaken }

public enum MoveResult { Moved, SlotUnavailable, NotApplicable }

/// <summary>
/// The only code that changes an appointment's <see cref="Appointment.Status"/> or its
/// <see cref="Appointment.AffectedByDisruptionId"/> (docs/architecture.md, "Where an appointment's status changes").
/// Each change is one conditional statement whose WHERE holds the state it starts from, so two staff, two tabs or a
/// tab and a background job racing over one appointment cannot both move it: the second finds the row changed and
/// matches nothing. The use cases (booking, manage, queue, disruptions, retention) decide what to ask and what to say.
/// Call these inside the caller's transaction where it also writes other rows.
/// </summary>
public static class AppointmentTransitions
{
    private const string OneActivePerNik = "ux_appointments_one_active_per_nik_and_service";
    private const string IdempotencyIndex = "ix_appointments_idempotency_key";
    private const string CodeIndex = "ix_appointments_code";

    /// <summary>
    /// (none) → Booked: takes a place in the slot and inserts the appointment and its "booking confirmed" message, all in
    /// one statement (decision 1707): the conditional UPDATE of the slot, and the two INSERTs only if it took a place.
    /// One statement is one implicit transaction, so nothing is half-written; and one round trip instead of the three of
    /// BEGIN with the UPDATE, the INSERTs, and COMMIT. The unique indexes settle what checks before could not: a key used
    /// before, a second active appointment of the NIK for the service, a code drawn twice. Both rows must be new and
    /// unattached, and no transaction may be open on the context: a unique refusal inside it would abort the caller's
    /// transaction, and the next attempt with it.
    /// </summary>
    public static async Task<BookSlotResult> BookAsync(this EKtpDbContext db, Appointment appointment, MobileStop? slotStop, OutboxMessage confirmation,
        DateTimeOffset now, string regencyCode, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("A booking is its own statement and transaction; call it outside any other.");
        appointment.Status = AppointmentStatus.Booked;
        RegencyStampInterceptor.Stamp(appointment, regencyCode);
        RegencyStampInterceptor.Stamp(confirmation, regencyCode);
        var rows = RowInsert.For<Appointment>(db);
        var message = RowInsert.For<OutboxMessage>(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = BookingStatements.GetOrAdd(db.Model, static (_, parts) => BookingStatement(parts.rows, parts.message), (rows, message));
            if (db.Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
            command.Parameters.Add(new NpgsqlParameter { Value = appointment.SlotId });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = slotStop is { } stop ? stop.Id : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = slotStop is { } named ? named.Place : DBNull.Value });
            rows.AddValues(command, appointment);
            message.AddValues(command, confirmation);
            return await command.ExecuteNonQueryAsync(ct) == 1 ? BookSlotResult.Booked : BookSlotResult.SlotUnavailable;
        }
        catch (PostgresException pg) when (pg.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return pg.ConstraintName switch
            {
                IdempotencyIndex => BookSlotResult.KeyUsed,
                OneActivePerNik => BookSlotResult.DuplicateActive,
                CodeIndex => BookSlotResult.CodeTaken,
                _ => throw new InvalidOperationException($"Unexpected unique index {pg.ConstraintName} while booking.", pg),
            };
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, string> BookingStatements = new();

    /// <summary>
    /// $1 the slot, $2 now, $3 and $4 the mobile stop and its place as the booking read them (its SMS names that place: a
    /// schedule change may move a slot without bookings to another stop, an admin may rename the place, and then nothing
    /// is booked), then the appointment's columns, then the message's.
    /// </summary>
    private static string BookingStatement(RowInsert appointment, RowInsert message) =>
        $"WITH reserved AS ({SlotReservations.ReserveStatement("$1", "$2")} AND mobile_stop_id IS NOT DISTINCT FROM $3 " +
        "AND ($3 IS NULL OR EXISTS (SELECT 1 FROM mobile_stops WHERE id = $3 AND place = $4)) RETURNING id), " +
        $"appointment AS (INSERT INTO {appointment.Table} {appointment.Columns} SELECT {appointment.Placeholders(5)} FROM reserved RETURNING id) " +
        $"INSERT INTO {message.Table} {message.Columns} SELECT {message.Placeholders(5 + appointment.Count)} FROM appointment";

    /// <summary>
    /// Booked at <paramref name="seenSlotId"/> → Cancelled, giving that place back. The slot is part of the condition:
    /// a reschedule that moved the appointment meanwhile wins, and this cancel matches nothing (and releases nothing).
    /// </summary>
    public static async Task<bool> CancelAsync(this EKtpDbContext db, Guid appointmentId, Guid seenSlotId, string? reason, DateTimeOffset now,
        CancellationToken ct = default)
    {
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(300, reason.Trim().Length)];
        var cancelled = await db.Appointments
            .Where(a => a.Id == appointmentId && a.SlotId == seenSlotId && a.Status == AppointmentStatus.Booked)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, AppointmentStatus.Cancelled)
                .SetProperty(a => a.CancelledAt, now)
                .SetProperty(a => a.CancelReason, why), ct) == 1;
        if (cancelled) await db.ReleaseAsync(seenSlotId, ct);
        return cancelled;
    }

    /// <summary>Booked → Booked at another slot (the resident's reschedule). The affected-mark is cleared: the new slot is the answer.</summary>
    public static Task<MoveResult> RescheduleAsync(this EKtpDbContext db, Guid appointmentId, Guid fromSlotId, Slot to, DateTimeOffset now,
        CancellationToken ct = default) =>
        db.MoveAsync(appointmentId, fromSlotId, to, now, ct, a => a.Status == AppointmentStatus.Booked);

    /// <summary>
    /// Affected by <paramref name="disruptionId"/> and active → unaffected at another slot: the claim for a one-click
    /// rebook. The mark is the claim, so a double click moves the appointment once.
    /// </summary>
    public static Task<MoveResult> RebookAsync(this EKtpDbContext db, Guid appointmentId, Guid fromSlotId, Guid disruptionId, Slot to,
        DateTimeOffset now, CancellationToken ct = default) =>
        db.MoveAsync(appointmentId, fromSlotId, to, now, ct, Appointment.IsActive, a => a.AffectedByDisruptionId == disruptionId);

    /// <summary>
    /// The new place is taken first, then the appointment moved if it is still where it was and in the state the
    /// caller names, then the old place given back; if the appointment had moved on, the new place is given back at
    /// once. The resident never ends up with no place, nor with two.
    /// </summary>
    private static async Task<MoveResult> MoveAsync(this EKtpDbContext db, Guid appointmentId, Guid fromSlotId, Slot to, DateTimeOffset now,
        CancellationToken ct, params Expression<Func<Appointment, bool>>[] preconditions)
    {
        if (to.Id == fromSlotId || !await db.TryReserveAsync(to.Id, now, ct)) return MoveResult.SlotUnavailable;
        var appointment = db.Appointments.Where(a => a.Id == appointmentId && a.SlotId == fromSlotId);
        foreach (var condition in preconditions) appointment = appointment.Where(condition);
        var moved = await appointment
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.SlotId, to.Id)
                .SetProperty(a => a.ServicePointId, to.ServicePointId)
                .SetProperty(a => a.RescheduleCount, a => a.RescheduleCount + 1)
                .SetProperty(a => a.AffectedByDisruptionId, (Guid?)null), ct) == 1;
        await db.ReleaseAsync(moved ? fromSlotId : to.Id, ct);
        return moved ? MoveResult.Moved : MoveResult.NotApplicable;
    }

    /// <summary>Booked → CheckedIn (the operator's check-in). False when another operator, or the no-show sweep, was first.</summary>
    public static async Task<bool> CheckInAsync(this EKtpDbContext db, Guid appointmentId, CancellationToken ct = default) =>
        await db.Appointments.Where(a => a.Id == appointmentId && a.Status == AppointmentStatus.Booked)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.CheckedIn), ct) == 1;

    /// <summary>CheckedIn → Completed (recorded) or NotRecorded: what the operator logged for the resident's ticket.</summary>
    public static async Task<bool> RecordOutcomeAsync(this EKtpDbContext db, Guid appointmentId, bool recorded, CancellationToken ct = default) =>
        await db.Appointments.Where(a => a.Id == appointmentId && a.Status == AppointmentStatus.CheckedIn)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status,
                recorded ? AppointmentStatus.Completed : AppointmentStatus.NotRecorded), ct) == 1;

    /// <summary>
    /// Booked whose slot ended before <paramref name="cutoff"/> → NoShow; CheckedIn of a day before
    /// <paramref name="today"/> (checked in, never served) → NoShow, so it stops counting as active.
    /// </summary>
    public static async Task<int> MarkNoShowsAsync(this EKtpDbContext db, DateTimeOffset cutoff, DateOnly today, CancellationToken ct = default) =>
        await db.Appointments.Where(a => a.Status == AppointmentStatus.Booked && a.Slot!.EndsAt < cutoff)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.NoShow), ct)
        + await db.Appointments.Where(a => a.Status == AppointmentStatus.CheckedIn && a.Slot!.Date < today)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.NoShow), ct);

    /// <summary>Active and unmarked → affected by the disruption; an appointment already affected keeps its first mark.</summary>
    public static async Task<int> MarkAffectedAsync(this EKtpDbContext db, IQueryable<Appointment> appointments, Guid disruptionId,
        CancellationToken ct = default) =>
        await appointments.Where(Appointment.IsActive).Where(a => a.AffectedByDisruptionId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.AffectedByDisruptionId, disruptionId), ct);

    /// <summary>
    /// Finished (not active) with a slot that ended before <paramref name="cutoff"/> → personal data erased: the NIK and
    /// KK ciphertexts and the NIK hash emptied, name, birth date, phone, e-mail and reason cleared. Status stays.
    /// </summary>
    public static async Task<int> EraseFinishedAsync(this EKtpDbContext db, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct = default) =>
        await db.Appointments.Where(Appointment.IsFinished)
            .Where(a => a.PersonalDataErasedAt == null && a.Slot!.EndsAt < cutoff)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.NikCipher, Array.Empty<byte>())
                .SetProperty(a => a.KkCipher, Array.Empty<byte>())
                .SetProperty(a => a.NikHash, Array.Empty<byte>())
                .SetProperty(a => a.FullName, "")
                .SetProperty(a => a.BirthDate, DateOnly.MinValue)
                .SetProperty(a => a.Phone, "")
                .SetProperty(a => a.Email, (string?)null)
                .SetProperty(a => a.CancelReason, (string?)null)
                .SetProperty(a => a.PersonalDataErasedAt, now), ct);
}
