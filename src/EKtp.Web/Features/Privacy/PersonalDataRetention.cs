using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Privacy;

/// <summary>
/// Erases the personal data of finished appointments (completed, not recorded, no-show, cancelled) whose slot ended
/// more than <see cref="RetentionOptions.AppointmentDays"/> ago: the NIK and KK ciphertexts and the NIK hash are
/// emptied, name, birth date, phone and e-mail cleared, and <c>PersonalDataErasedAt</c> set
/// (<see cref="AppointmentTransitions.EraseFinishedAsync"/>). What the dashboard counts (service point, service, status,
/// nagari, slot date) stays. The same period clears the phone a walk-in left on their queue ticket (decision 1416),
/// counted from the ticket's day, and (decision 1540) the personal fields of closed home-visit requests (from when they
/// closed), the contact of decided mobile-visit requests (from the visit's day, or the request's for a declined one),
/// and deletes the student lists of school drives whose day is past. One statement each; only counts are logged.
/// </summary>
public sealed class PersonalDataRetention(EKtpDbContext db, TimeProvider clock, IOptions<RetentionOptions> options,
    ILogger<PersonalDataRetention> logger)
{
    public async Task<int> EraseExpiredAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.AppointmentDays);
        var erased = await db.EraseFinishedAsync(cutoff, now, ct);
        // A ticket's day is over at its end: one older than the period by a whole day, like a slot that ended before the cutoff.
        var lastDay = DateOnly.FromDateTime(cutoff.ToWib().DateTime).AddDays(-1);
        var phones = await db.QueueTickets.Where(t => t.Phone != null && t.ServiceDate <= lastDay)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Phone, (string?)null), ct);
        var homeVisits = await EraseClosedHomeVisitsAsync(cutoff, now, ct);
        var mobileVisits = await EraseDecidedMobileVisitsAsync(cutoff, lastDay, now, ct);
        // Cards of students recorded at 16 keep waiting: the card holds its own printable_from and the recording its
        // NIK; the pemula count reads recordings at the drive's stop (school_drives stays). Nothing needs the list after the day.
        var students = await db.SchoolDriveStudents
            .Where(s => db.SchoolDrives.Any(d => d.Id == s.SchoolDriveId && d.MobileStop!.Date <= lastDay))
            .ExecuteDeleteAsync(ct);
        logger.LogInformation(
            "Retention: personal data of {Count} finished appointments, the phones of {Tickets} walk-in tickets, {HomeVisits} closed home-visit requests, {MobileVisits} decided mobile-visit requests and {Students} school-drive students older than {Days} days erased",
            erased, phones, homeVisits, mobileVisits, students, options.Value.AppointmentDays);
        return erased;
    }

    /// <summary>
    /// Done and declined are final, so a closed request's <c>UpdatedAt</c> is when it closed; it is left as it is (the
    /// dashboard counts done and declined by it). Reference, status, reason category, nagari, stop and dates stay.
    /// </summary>
    private Task<int> EraseClosedHomeVisitsAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct) =>
        db.HomeVisitRequests
            .Where(r => (r.Status == HomeVisitStatus.Done || r.Status == HomeVisitStatus.Declined) && r.PersonalDataErasedAt == null && r.UpdatedAt < cutoff)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.ResidentName, "")
                .SetProperty(r => r.Address, "")
                .SetProperty(r => r.Phone, "")
                .SetProperty(r => r.FamilyMemberName, "")
                // Free text about the resident; the check constraints want them present where they were, so emptied, not nulled.
                .SetProperty(r => r.ReasonNote, r => r.ReasonNote == null ? null : "")
                .SetProperty(r => r.DeclineReason, r => r.DeclineReason == null ? null : "")
                .SetProperty(r => r.PersonalDataErasedAt, now), ct);

    /// <summary>
    /// A request has no decision time: an approved one counts from its visit's day (the stop), a declined one from when
    /// it was made. A pending request is never touched (and keeps the one-pending-per-phone index meaningful). The place,
    /// group size and the staff's decision reason are about the gathering, not a person, and stay.
    /// </summary>
    private Task<int> EraseDecidedMobileVisitsAsync(DateTimeOffset cutoff, DateOnly lastDay, DateTimeOffset now, CancellationToken ct) =>
        db.MobileVisitRequests
            .Where(r => r.PersonalDataErasedAt == null
                && ((r.Status == VisitRequestStatus.Declined && r.CreatedAt < cutoff)
                    || (r.Status == VisitRequestStatus.Approved && db.MobileStops.Any(s => s.Id == r.MobileStopId && s.Date <= lastDay))))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.ContactName, "")
                .SetProperty(r => r.Phone, "")
                .SetProperty(r => r.PersonalDataErasedAt, now), ct);
}

/// <summary>Runs the retention erasure once a day (<c>Jobs:Retention</c>).</summary>
public sealed class RetentionJob(PersonalDataRetention retention) : IRecurringJob
{
    public static string Name => "Retention";

    public static TimeSpan DefaultInterval => TimeSpan.FromDays(1);

    public async Task RunOnceAsync(CancellationToken ct) => await retention.EraseExpiredAsync(ct);
}
