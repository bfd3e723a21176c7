using EKtp.Web.Data;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Privacy;

/// <summary>
/// Erases the personal data of finished appointments (completed, not recorded, no-show, cancelled) whose slot ended
/// more than <see cref="RetentionOptions.AppointmentDays"/> ago: the NIK and KK ciphertexts and the NIK hash are
/// emptied, name, birth date, phone and e-mail cleared, and <c>PersonalDataErasedAt</c> set
/// (<see cref="AppointmentTransitions.EraseFinishedAsync"/>). What the dashboard counts (service point, service, status,
/// nagari, slot date) stays. One UPDATE; only counts are logged.
/// </summary>
public sealed class PersonalDataRetention(EKtpDbContext db, TimeProvider clock, IOptions<RetentionOptions> options,
    ILogger<PersonalDataRetention> logger)
{
    public async Task<int> EraseExpiredAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.AppointmentDays);
        var erased = await db.EraseFinishedAsync(cutoff, now, ct);
        logger.LogInformation("Retention: personal data of {Count} finished appointments older than {Days} days erased",
            erased, options.Value.AppointmentDays);
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
