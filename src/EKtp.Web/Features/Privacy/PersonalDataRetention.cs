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
/// counted from the ticket's day. One UPDATE each; only counts are logged.
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
        logger.LogInformation(
            "Retention: personal data of {Count} finished appointments and the phones of {Tickets} walk-in tickets older than {Days} days erased",
            erased, phones, options.Value.AppointmentDays);
        return erased;
    }
}

/// <summary>Runs the retention erasure once a day (<c>Jobs:Retention</c>).</summary>
public sealed class RetentionJob(PersonalDataRetention retention) : IRecurringJob
{
    public static string Name => "Retention";

    public static TimeSpan DefaultInterval => TimeSpan.FromDays(1);

    public async Task RunOnceAsync(CancellationToken ct) => await retention.EraseExpiredAsync(ct);
}
