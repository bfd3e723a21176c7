using EKtp.Web.Data;
using EKtp.Web.Features.Appointments;
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

/// <summary>Runs the retention erasure once a day.</summary>
public sealed class RetentionService(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackgroundJob) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24));
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().EraseExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Retention erasure failed; retrying tomorrow");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
