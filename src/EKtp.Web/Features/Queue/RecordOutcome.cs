using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Queue;

public sealed class OutcomeInput
{
    public RecordingOutcome Outcome { get; set; }
    public NotRecordedReason? Reason { get; set; }
    public string? Note { get; set; }
    /// <summary>Walk-ins only: the NIK, which a booked resident gave when booking.</summary>
    public string? Nik { get; set; }
    /// <summary>
    /// Walk-ins only, optional: the KK number off the family card the resident brought, kept as its keyed hash only, so
    /// they can find their card on /status by NIK and KK (a booked resident's KK is the one they booked with).
    /// </summary>
    public string? KkNumber { get; set; }
    /// <summary>Walk-ins only: the nagari of domicile, for coverage figures.</summary>
    public string? VillageCode { get; set; }
    /// <summary>A special recording (issue 15, item A4) and its own fields.</summary>
    public RecordingCategory Category { get; set; } = RecordingCategory.General;
    /// <summary>ODGJ: who accompanied the resident.</summary>
    public string? CompanionName { get; set; }
    /// <summary>Inmate: the regency the resident comes from.</summary>
    public string? HomeRegency { get; set; }
}

public sealed class OutcomeValidator : AbstractValidator<OutcomeInput>
{
    public OutcomeValidator(IStringLocalizer<StaffText> l)
    {
        RuleFor(x => x.Outcome).IsInEnum();
        RuleFor(x => x.Reason).NotNull().When(x => x.Outcome == RecordingOutcome.NotRecorded)
            .WithMessage(l["Pilih alasan perekaman tidak berhasil."]);
        RuleFor(x => x.Reason).IsInEnum();
        RuleFor(x => x.Note).MaximumLength(500).WithMessage(l["Catatan paling banyak 500 karakter."]);
        RuleFor(x => x.Note).NotEmpty().When(x => x.Reason == NotRecordedReason.Other)
            .WithMessage(l["Tuliskan alasannya di catatan."]);
        RuleFor(x => x.Category).IsInEnum();
        RuleFor(x => x.CompanionName).NotEmpty().When(x => x.Category == RecordingCategory.Odgj)
            .WithMessage(l["Isi nama pendamping warga ODGJ."]);
        RuleFor(x => x.CompanionName).MaximumLength(120).WithMessage(l["Nama pendamping paling banyak 120 karakter."]);
        RuleFor(x => x.HomeRegency).NotEmpty().When(x => x.Category == RecordingCategory.Inmate)
            .WithMessage(l["Isi kabupaten/kota asal warga binaan."]);
        RuleFor(x => x.HomeRegency).MaximumLength(100).WithMessage(l["Kabupaten/kota asal paling banyak 100 karakter."]);
    }
}

/// <summary>
/// Logs the outcome of a called ticket in one transaction: the ticket is served (a conditional UPDATE, so a double
/// submit logs once), a Recording is written, the appointment shows what happened, and a successful recording puts
/// the resident's Card at <see cref="CardStatus.Recorded"/> with its history.
/// </summary>
public sealed class RecordOutcome(EKtpDbContext db, TimeProvider clock, PersonalDataProtector protector, FieldJournal journal,
    IStringLocalizer<StaffText> l, IOptions<SiteOptions> site)
{
    public async Task<QueueResult> RunAsync(ServicePoint point, Guid ticketId, OutcomeInput input, Guid byId, CancellationToken ct = default)
    {
        var ticket = await db.QueueTickets.Include(t => t.Appointment).ThenInclude(a => a!.Slot)
            .SingleOrDefaultAsync(t => t.Id == ticketId && t.ServicePointId == point.Id, ct);
        if (ticket is null) return QueueResult.Refused(l["Nomor antrean tidak ditemukan."]);
        // An IKD activation records no biometrics and makes no card: its outcome is RecordIkdOutcome's.
        if (!ticket.Service.MakesCard()) return QueueResult.Refused(l["Nomor ini untuk aktivasi IKD; catat hasil aktivasinya."]);
        if (ticket.Status != TicketStatus.Called) return QueueResult.Refused(l["Hasil hanya bisa dicatat untuk nomor yang sedang dipanggil."]);

        var appointment = ticket.Appointment;
        byte[] nikHash, nikCipher;
        byte[]? kkHash = null;
        string? village;
        if (appointment is not null)
        {
            (nikHash, nikCipher, village) = (appointment.NikHash, appointment.NikCipher, appointment.VillageCode);
            // Stored sealed and normalised at booking; emptied by retention (then the card keeps the KK it had).
            if (appointment.KkCipher.Length > 0) kkHash = protector.Hash(protector.Decrypt(appointment.KkCipher));
        }
        else if (input.Outcome == RecordingOutcome.Recorded)
        {
            if (Nik.Check(input.Nik, clock.Today(), out var nik) != NikProblem.None)
                return QueueResult.Refused(l["NIK harus 16 angka yang sah."], nameof(input.Nik));
            if (!string.IsNullOrWhiteSpace(input.VillageCode)
                && !await db.Regions.AnyAsync(r => r.Code == input.VillageCode && r.Level == RegionLevel.Village, ct))
                return QueueResult.Refused(l["Pilih nagari dari daftar."], nameof(input.VillageCode));
            if (!string.IsNullOrWhiteSpace(input.KkNumber))
            {
                if (!KkNumber.IsValid(input.KkNumber))
                    return QueueResult.Refused(l["Nomor KK harus 16 angka, diawali kode wilayah yang sah."], nameof(input.KkNumber));
                kkHash = protector.Hash(Nik.Normalize(input.KkNumber));
            }
            (nikHash, nikCipher, village) = (protector.Hash(nik.Value), protector.Encrypt(nik.Value),
                string.IsNullOrWhiteSpace(input.VillageCode) ? null : input.VillageCode);
        }
        else
        {
            (nikHash, nikCipher, village) = ([], [], null);
        }

        // Inmates are recorded at a prison visit and the bedridden at a home visit: both by a mobile unit.
        if (input.Category is RecordingCategory.Inmate or RecordingCategory.Bedridden && point.Kind != ServicePointKind.MobileUnit)
            return QueueResult.Refused(input.Category == RecordingCategory.Inmate
                ? l["Warga binaan dicatat pada kunjungan mobil keliling ke lapas atau rutan."]
                : l["Warga yang terbaring sakit dicatat pada kunjungan mobil keliling ke rumah."], nameof(input.Category));

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var served = await db.QueueTickets.Where(t => t.Id == ticket.Id && t.Status == TicketStatus.Called)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TicketStatus.Served), ct);
        if (served == 0) return QueueResult.Refused(l["Hasil nomor ini baru saja dicatat petugas lain."]);

        var recorded = input.Outcome == RecordingOutcome.Recorded;
        var recording = new Recording
        {
            ServicePointId = point.Id, QueueTicketId = ticket.Id, AppointmentId = appointment?.Id,
            MobileStopId = appointment?.Slot?.MobileStopId, NikHash = nikHash, NikCipher = nikCipher, KkHash = kkHash, VillageCode = village,
            Service = ticket.Service, Outcome = input.Outcome, Reason = recorded ? null : input.Reason,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), RecordedAt = now, RecordedById = byId,
            UploadState = RecordingUploadRule.AtCapture(site.Value.IsNode), UploadStateAt = now,
            Category = input.Category, IrisSkipped = input.Category == RecordingCategory.Odgj,
            CompanionName = input.Category == RecordingCategory.Odgj ? input.CompanionName!.Trim() : null,
            HomeRegency = input.Category == RecordingCategory.Inmate ? input.HomeRegency!.Trim() : null,
        };
        db.Recordings.Add(recording);
        if (appointment is not null) await db.RecordOutcomeAsync(appointment.Id, recorded, ct);
        // Cards are the hub's: a field node never inserts into a table the hub publishes to it (its copy of a card
        // would collide with the hub's). The hub puts the card at Recorded when the event arrives.
        if (recorded && !journal.IsNode) await db.PutCardAtRecordedAsync(point.Id, recording, byId, now, ct);
        await db.SaveChangesAsync(ct);
        await journal.OutcomeRecordedAsync(recording, ct);
        await tx.CommitAsync(ct);
        return QueueResult.Done(recorded
            ? l["{0}: perekaman tercatat, kartu masuk antrean cetak.", ticket.Label]
            : l["{0}: perekaman tidak berhasil, alasan dicatat. Warga dapat membuat janji baru.", ticket.Label], ticket.Id);
    }

}

/// <summary>A successful recording puts the resident's card at <see cref="CardStatus.Recorded"/> (a new card, or the pipeline again).</summary>
public static class CardAtRecorded
{
    /// <summary>Changes are tracked, not saved: the caller saves them in its transaction.</summary>
    public static async Task PutCardAtRecordedAsync(this EKtpDbContext db, Guid pointId, Recording recording, Guid byId, DateTimeOffset now,
        CancellationToken ct)
    {
        var card = await db.Cards.SingleOrDefaultAsync(c => c.NikHash == recording.NikHash, ct);
        if (card is null)
        {
            card = new Card { NikHash = recording.NikHash, NikCipher = recording.NikCipher, CreatedAt = now };
            db.Cards.Add(card);
        }
        // A resident recorded again (a lost or damaged card, a data change) starts the pipeline again on the same card.
        // Added through its DbSet, not the tracked card's History: EF takes a new entity with its key already set,
        // found through a navigation, for an existing row, and saved it as an UPDATE that matched nothing.
        db.CardStatusChanges.Add(new CardStatusChange
        {
            CardId = card.Id, From = db.Entry(card).State == EntityState.Added ? null : card.Status, To = CardStatus.Recorded,
            At = now, ById = byId, ServicePointId = pointId,
        });
        card.Status = CardStatus.Recorded;
        card.VillageCode = recording.VillageCode ?? card.VillageCode;
        card.KkHash = recording.KkHash ?? card.KkHash;
        card.RecordedAtPointId = pointId;
        card.RecordingId = recording.Id;
        card.CollectionPointId = null;
        card.FailureReason = null;
        card.SuketValidUntil = null;
        card.UpdatedAt = now;
    }
}
