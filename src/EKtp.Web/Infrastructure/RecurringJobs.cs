using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// The switch and the pace of one background job, bound from <c>Jobs:&lt;Name&gt;</c>
/// (<c>Jobs__Outbox__Enabled=false</c>, <c>Jobs__Rollups__IntervalSeconds=30</c>). Named options, one per job.
/// </summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the job in this instance (tests turn every job off and call the work themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds from the start of one run to the start of the next; a run that takes longer skips the ticks it missed.</summary>
    [Range(1, 7 * 86_400)]
    public int IntervalSeconds { get; set; }
}

/// <summary>
/// One run of a background job: resolved from a fresh scope at every tick, so it may take a DbContext.
/// <see cref="Name"/> is the configuration key under <c>Jobs:</c>.
/// </summary>
public interface IRecurringJob
{
    static abstract string Name { get; }

    static abstract TimeSpan DefaultInterval { get; }

    Task RunOnceAsync(CancellationToken ct);
}

/// <summary>
/// The loop shared by every background job: one run at start, then one per tick of a <see cref="PeriodicTimer"/> on
/// the injected <see cref="TimeProvider"/>. A failed run is logged and the loop goes on (the database may be away
/// for a moment; the next tick tries again). Every instance of the portal runs the loop, but each tick first takes the
/// job's lease in PostgreSQL (<see cref="JobLeases"/>, decision 1601): of N instances, one runs the job per interval and
/// the others skip. Each job is still written to be safe when two runs overlap (a lease that fell due mid-run).
/// </summary>
public sealed class RecurringJobService<TJob>(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> options,
    ILogger<RecurringJobService<TJob>> logger) : BackgroundService
    where TJob : class, IRecurringJob
{
    /// <summary>Raised after each run, with its failure if it failed (tests wait on it).</summary>
    public event Action<Exception?>? Ran;

    /// <summary>Raised after a tick another instance's lease covered, so this one did not run the job.</summary>
    public event Action? Skipped;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Get(TJob.Name);
        if (!o.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.IntervalSeconds), clock);
        do
        {
            Exception? failure = null;
            try
            {
                using var scope = scopes.CreateScope();
                // Absent only where a loop is built without the portal's services (the loop's unit tests).
                var leases = scope.ServiceProvider.GetService<JobLeases>();
                if (leases is not null
                    && !await leases.TryClaimAsync(TJob.Name, clock.GetUtcNow(), TimeSpan.FromSeconds(o.IntervalSeconds), stoppingToken))
                {
                    Skipped?.Invoke();
                    continue;
                }
                await scope.ServiceProvider.GetRequiredService<TJob>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failure = e;
                logger.LogWarning(e, "Job {Job} failed; it runs again in {IntervalSeconds} s", TJob.Name, o.IntervalSeconds);
            }
            Ran?.Invoke(failure);
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class RecurringJobRegistration
{
    /// <summary>Registers a job (scoped) with its options <c>Jobs:&lt;Name&gt;</c> and the loop that runs it.</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services) where TJob : class, IRecurringJob
    {
        services.AddOptions<JobOptions>(TJob.Name)
            .Configure(o => o.IntervalSeconds = (int)TJob.DefaultInterval.TotalSeconds)
            .BindConfiguration($"{JobOptions.Section}:{TJob.Name}")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<TJob>();
        services.AddHostedService<RecurringJobService<TJob>>();
        return services;
    }
}
