using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Queue;

/// <summary>The booking code typed by the operator or read from the slip's QR code.</summary>
public sealed class CheckInInput
{
    public string Code { get; set; } = "";
}

public sealed class CheckInValidator : AbstractValidator<CheckInInput>
{
    public CheckInValidator(IStringLocalizer<StaffText> l)
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage(l["Masukkan kode janji temu (contoh {0}).", BookingCode.Example])
            .Must(c => BookingCode.IsWellFormed(BookingCode.Normalize(c))).WithMessage(l["Kode janji temu tidak dikenali. Periksa lagi penulisannya."]);
    }
}

/// <summary>
/// Checks a booked resident in: the appointment moves from Booked to CheckedIn with one conditional UPDATE and gets
/// the next number of series A, ordered by its slot. A second check-in of the same code finds the first ticket.
/// </summary>
public sealed class CheckIn(EKtpDbContext db, TimeProvider clock, FieldJournal journal, IStringLocalizer<StaffText> l)
{
    public async Task<QueueResult> RunAsync(ServicePoint point, CheckInInput input, CancellationToken ct = default)
    {
        var code = BookingCode.Normalize(input.Code);
        var today = clock.Today();
        var appointment = await db.Appointments.AsNoTracking().Include(a => a.Slot).Include(a => a.ServicePoint)
            .SingleOrDefaultAsync(a => a.Code == code, ct);
        // A field node holds the point's appointments as the hub last sent them: a slip booked during an outage is
        // checked in provisionally, and the hub verifies the code when the event reaches it.
        if (appointment is null && journal.IsNode) return await CheckInProvisionallyAsync(point, code, ct);
        if (appointment is null)
            return QueueResult.Refused(l["Tidak ada janji dengan kode {0} di {1}.", code, point.Name], nameof(input.Code));
        if (appointment.Status == AppointmentStatus.Cancelled)
            return QueueResult.Refused(l["Janji {0} sudah dibatalkan.", code], nameof(input.Code));
        // A resident at the wrong office, or on the wrong day: say where and when they are booked, so the operator
        // can send them on or tell them to come back (decision 1522).
        var slot = appointment.Slot!;
        var when = $"{WibText.Day(slot.Date)}, {WibText.Span(slot.StartsAt, slot.EndsAt)} WIB";
        if (appointment.ServicePointId != point.Id)
            return QueueResult.Refused(l["Janji {0} terdaftar di {1} pada {2}, bukan di {3}.", code, appointment.ServicePoint!.Name, when, point.Name],
                nameof(input.Code));
        if (slot.Date != today)
            return QueueResult.Refused(l["Janji {0} untuk {1} di {2}, bukan hari ini.", code, when, point.Name], nameof(input.Code));
        switch (appointment.Status)
        {
            case AppointmentStatus.CheckedIn:
                var existing = await db.QueueTickets.AsNoTracking().SingleAsync(t => t.AppointmentId == appointment.Id, ct);
                return QueueResult.Refused(l["Janji {0} sudah check-in dengan nomor {1}.", code, existing.Label], nameof(input.Code));
            case AppointmentStatus.Cancelled:
                return QueueResult.Refused(l["Janji {0} sudah dibatalkan.", code], nameof(input.Code));
            case AppointmentStatus.NoShow:
                return QueueResult.Refused(l["Janji {0} sudah ditandai tidak hadir; minta warga membuat janji baru atau ambil nomor datang langsung.", code], nameof(input.Code));
            case AppointmentStatus.Completed or AppointmentStatus.NotRecorded:
                return QueueResult.Refused(l["Janji {0} sudah dilayani hari ini.", code], nameof(input.Code));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.CheckInAsync(appointment.Id, ct)) return QueueResult.Refused(l["Janji {0} baru saja diproses petugas lain.", code], nameof(input.Code));
        var number = await db.TakeAsync(point.Id, today, TicketSeries.A, ct);
        var ticket = new QueueTicket
        {
            ServicePointId = point.Id, ServiceDate = today, Series = TicketSeries.A, Number = number!.Value,
            AppointmentId = appointment.Id, Service = appointment.Service, IssuedAt = clock.GetUtcNow(),
            OrderAt = slot.StartsAt,
        };
        db.QueueTickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        await journal.TicketIssuedAsync(ticket, ct);
        await tx.CommitAsync(ct);
        return QueueResult.Done(l["Check-in berhasil: nomor antrean {0}.", ticket.Label], ticket.Id);
    }

    private async Task<QueueResult> CheckInProvisionallyAsync(ServicePoint point, string code, CancellationToken ct)
    {
        var today = clock.Today();
        var existing = await db.QueueTickets.AsNoTracking()
            .FirstOrDefaultAsync(t => t.ServicePointId == point.Id && t.ServiceDate == today && t.ProvisionalCode == code, ct);
        if (existing is not null)
            return QueueResult.Refused(l["Janji {0} sudah check-in dengan nomor {1}.", code, existing.Label], nameof(CheckInInput.Code));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await db.TakeAsync(point.Id, today, TicketSeries.A, ct);
        var now = clock.GetUtcNow();
        var ticket = new QueueTicket
        {
            ServicePointId = point.Id, ServiceDate = today, Series = TicketSeries.A, Number = number!.Value,
            ProvisionalCode = code, Service = ServiceType.NewRecording, IssuedAt = now, OrderAt = now,
        };
        db.QueueTickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        await journal.TicketIssuedAsync(ticket, ct);
        await tx.CommitAsync(ct);
        return QueueResult.Done(l["Check-in sementara: nomor antrean {0}. Kode {1} diperiksa di server dinas saat sambungan kembali.", ticket.Label, code], ticket.Id);
    }
}
