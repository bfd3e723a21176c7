using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Queue;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.SchoolDrives;

/// <summary>
/// Logs a student's recording on a school drive, in one transaction: the student's row is claimed (a conditional UPDATE,
/// so a double submit logs once), a Recording of a new KTP-el is written at the drive's stop, and a success puts the
/// card at Recorded with <see cref="Card.PrintableFrom"/> set to the 17th birthday while it is still ahead: the pipeline
/// then holds the card in <see cref="CardStatus.WaitingForAge"/> until that day (<see cref="CardTransitions.Refusal"/>).
/// A student not recorded (network, equipment…) can be recorded later on the same list.
/// </summary>
public sealed class RecordStudent(EKtpDbContext db, TimeProvider clock, IStringLocalizer<SchoolDriveText> L, IOptions<SiteOptions> site)
{
    public async Task<(bool Ok, string Message)> RunAsync(SchoolDrive drive, Guid studentId, RecordingOutcome outcome, NotRecordedReason? reason,
        Guid byId, CancellationToken ct = default)
    {
        if (outcome == RecordingOutcome.NotRecorded && reason is null) return (false, L["Pilih alasan perekaman tidak berhasil."]);
        var stop = drive.MobileStop!;
        var today = clock.Today();
        if (today != stop.Date) return (false, L["Perekaman siswa hanya pada hari kunjungan sekolah ({0}).", WibText.Date(stop.Date)]);
        var student = await db.SchoolDriveStudents.AsNoTracking().SingleOrDefaultAsync(s => s.Id == studentId && s.SchoolDriveId == drive.Id, ct);
        if (student is null) return (false, L["Siswa tidak ditemukan di daftar ini."]);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var recording = new Recording
        {
            ServicePointId = stop.ServicePointId, MobileStopId = stop.Id, NikHash = student.NikHash, NikCipher = student.NikCipher,
            VillageCode = student.VillageCode, Service = ServiceType.NewRecording, Outcome = outcome,
            Reason = outcome == RecordingOutcome.Recorded ? null : reason, RecordedAt = now, RecordedById = byId,
            UploadState = RecordingUploadRule.AtCapture(site.Value.IsNode), UploadStateAt = now,
        };
        // Only a student not yet recorded (never tried, or tried without success) is claimed.
        var claimed = await db.SchoolDriveStudents
            .Where(s => s.Id == student.Id && (s.Outcome == null || s.Outcome == RecordingOutcome.NotRecorded))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Outcome, outcome).SetProperty(s => s.RecordedAt, now), ct);
        if (claimed == 0) return (false, L["{0} sudah direkam.", student.FullName]);
        db.Recordings.Add(recording);
        await db.SaveChangesAsync(ct);
        await db.SchoolDriveStudents.Where(s => s.Id == student.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.RecordingId, recording.Id), ct);
        if (outcome == RecordingOutcome.Recorded)
        {
            await db.PutCardAtRecordedAsync(stop.ServicePointId, recording, byId, now, ct);
            var card = db.Cards.Local.Single(c => c.NikHash.SequenceEqual(student.NikHash));
            var seventeenth = CardTransitions.SeventeenthBirthday(student.BirthDate);
            card.PrintableFrom = seventeenth > today ? seventeenth : null;
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (true, outcome == RecordingOutcome.Recorded
            ? L["{0}: perekaman tercatat.", student.FullName]
            : L["{0}: perekaman tidak berhasil, alasan dicatat.", student.FullName]);
    }
}
