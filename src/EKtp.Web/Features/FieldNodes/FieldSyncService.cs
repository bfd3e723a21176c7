using EKtp.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// The sync loop. At a node: every <c>PushIntervalSeconds</c>, <see cref="NodeLink.RunOnceAsync"/> (subscribe, push,
/// recover a lost slot). At a hub with <c>FieldNode:Enabled</c>: the publications and the parked events at start and every
/// minute, and
/// <see cref="FieldEventApplier.ApplyAsync"/> every <c>ApplyIntervalSeconds</c>. A failed round is logged and retried.
/// A node with no <c>FieldNode:HubConnectionString</c> (not linked yet, or a test host on a database it does not own)
/// runs no round at all: it serves and journals, and nothing touches its database in the background.
/// </summary>
public sealed class FieldSyncService(IServiceScopeFactory scopes, IOptions<SiteOptions> site, IOptions<FieldNodeOptions> options,
    TimeProvider clock, ILogger<FieldSyncService> logger) : BackgroundService
{
    /// <summary>Raised after each round (tests wait on it instead of sleeping).</summary>
    public event Action? Ran;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var node = site.Value.IsNode;
        if (!node && !options.Value.Enabled) return;
        if (node && string.IsNullOrWhiteSpace(options.Value.HubConnectionString))
        {
            logger.LogWarning("This field node has no FieldNode:HubConnectionString: its changes are journalled and wait until it is set");
            return;
        }
        var interval = TimeSpan.FromSeconds(node ? options.Value.PushIntervalSeconds : options.Value.ApplyIntervalSeconds);
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        var publishedAt = DateTimeOffset.MinValue;
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                if (node)
                {
                    await scope.ServiceProvider.GetRequiredService<NodeLink>().RunOnceAsync(stoppingToken);
                }
                else
                {
                    if (clock.GetUtcNow() - publishedAt > TimeSpan.FromMinutes(1))
                    {
                        await scope.ServiceProvider.GetRequiredService<HubPublications>().EnsureAsync(stoppingToken);
                        // Events an older version parked (a kind it did not know), applied once this version knows them.
                        await scope.ServiceProvider.GetRequiredService<FieldEventApplier>().ApplyParkedAsync(stoppingToken);
                        publishedAt = clock.GetUtcNow();
                    }
                    await scope.ServiceProvider.GetRequiredService<FieldEventApplier>().ApplyAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Field sync round failed; it runs again in {Interval}", interval);
            }
            Ran?.Invoke();
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
