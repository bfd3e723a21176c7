using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Queue;

public sealed class IkdOutcomeInput
{
    public IkdOutcome Outcome { get; set; }
    public IkdFailureReason? Reason { get; set; }
    public string? Note { get; set; }
    /// <summary>Walk-ins only, optional: the nagari of domicile, for the per-kecamatan figures. No NIK is kept.</summary>
    public string? VillageCode { get; set; }
}

public sealed class IkdOutcomeValidator : AbstractValidator<IkdOutcomeInput>
{
    public IkdOutcomeValidator(IStringLocalizer<StaffText> l)
    {
        RuleFor(x => x.Outcome).IsInEnum();
        RuleFor(x => x.Reason).NotNull().When(x => x.Outcome == IkdOutcome.Failed)
            .WithMessage(l["Pilih alasan aktivasi IKD gagal."]);
        RuleFor(x => x.Reason).IsInEnum();
        RuleFor(x => x.Note).MaximumLength(500).WithMessage(l["Catatan paling banyak 500 karakter."]);
        RuleFor(x => x.Note).NotEmpty().When(x => x.Outcome == IkdOutcome.Failed && x.Reason == IkdFailureReason.Other)
            .WithMessage(l["Tuliskan alasannya di catatan."]);
    }
}

/// <summary>
/// Logs the outcome of a called IKD-activation ticket in one transaction: the ticket is served (a conditional UPDATE, so
/// a double submit logs once), an <see cref="IkdActivation"/> is written and the appointment shows what happened. No
/// recording and no card: the resident already holds a KTP-el. At a field node the row is journalled in the same
/// transaction (<c>IkdActivationRecorded</c>) and the hub applies it once (decision 1216).
/// </summary>
public sealed class RecordIkdOutcome(EKtpDbContext db, TimeProvider clock, FieldJournal journal, IStringLocalizer<StaffText> l)
{
    public async Task<QueueResult> RunAsync(ServicePoint point, Guid ticketId, IkdOutcomeInput input, Guid byId, CancellationToken ct = default)
    {
        var ticket = await db.QueueTickets.AsNoTracking().Include(t => t.Appointment)
            .SingleOrDefaultAsync(t => t.Id == ticketId && t.ServicePointId == point.Id, ct);
        if (ticket is null) return QueueResult.Refused(l["Nomor antrean tidak ditemukan."]);
        if (ticket.Service != ServiceType.IkdActivation) return QueueResult.Refused(l["Nomor ini bukan untuk aktivasi IKD."]);
        if (ticket.Status != TicketStatus.Called) return QueueResult.Refused(l["Hasil hanya bisa dicatat untuk nomor yang sedang dipanggil."]);

        var village = ticket.Appointment?.VillageCode;
        if (ticket.Appointment is null && !string.IsNullOrWhiteSpace(input.VillageCode))
        {
            if (!await db.Regions.AnyAsync(r => r.Code == input.VillageCode && r.Level == RegionLevel.Village, ct))
                return QueueResult.Refused(l["Pilih nagari dari daftar."], nameof(input.VillageCode));
            village = input.VillageCode;
        }

        var activated = input.Outcome == IkdOutcome.Activated;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var served = await db.QueueTickets.Where(t => t.Id == ticket.Id && t.Status == TicketStatus.Called)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TicketStatus.Served), ct);
        if (served == 0) return QueueResult.Refused(l["Hasil nomor ini baru saja dicatat petugas lain."]);
        var activation = new IkdActivation
        {
            ServicePointId = point.Id, QueueTicketId = ticket.Id, AppointmentId = ticket.AppointmentId, VillageCode = village,
            Outcome = input.Outcome, Reason = activated ? null : input.Reason,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), At = clock.GetUtcNow(), ById = byId,
        };
        db.IkdActivations.Add(activation);
        if (ticket.AppointmentId is { } appointmentId) await db.RecordOutcomeAsync(appointmentId, activated, ct);
        await db.SaveChangesAsync(ct);
        await journal.IkdActivationRecordedAsync(activation, ct);
        await tx.CommitAsync(ct);
        return QueueResult.Done(activated
            ? l["{0}: IKD diaktifkan.", ticket.Label]
            : l["{0}: aktivasi IKD gagal, alasan dicatat.", ticket.Label], ticket.Id);
    }
}
