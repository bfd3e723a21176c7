using EKtp.Web.Domain;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Dashboard;

/// <summary>
/// Brings the rollups up to date every <see cref="DashboardOptions.RollupIntervalSeconds"/>, and rebuilds them whole once
/// a night (after <see cref="DashboardOptions.NightlyRebuildHour"/> WIB) to catch changes the bookmarks cannot see.
/// </summary>
public sealed class RollupService(IServiceScopeFactory scopes, IOptions<DashboardOptions> options, TimeProvider clock, ILogger<RollupService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackgroundRollups) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RollupIntervalSeconds));
        DateOnly? lastRebuild = null;
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var job = scope.ServiceProvider.GetRequiredService<RollupJob>();
                var now = clock.Now();
                if (lastRebuild != now.Date.ToDateOnly() && now.Hour >= options.Value.NightlyRebuildHour && lastRebuild is not null)
                {
                    await job.RebuildAsync(stoppingToken);
                    lastRebuild = clock.Today();
                }
                else
                {
                    await job.RefreshAsync(stoppingToken);
                    lastRebuild ??= clock.Today();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a moment; the next tick tries again, and the dashboard shows how old its data is.
                logger.LogWarning(e, "Rollup refresh failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

internal static class DateTimeExtensions
{
    public static DateOnly ToDateOnly(this DateTime value) => DateOnly.FromDateTime(value);
}
