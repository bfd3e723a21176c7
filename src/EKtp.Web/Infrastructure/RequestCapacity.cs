using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

public sealed class CapacityOptions
{
    public const string Section = "Capacity";

    /// <summary>How many pages and API requests the portal works on at once; the others wait their turn, oldest first.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 32;

    /// <summary>How many may wait; one more is answered 503 with <c>Retry-After</c> at once.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 2_000;

    /// <summary>
    /// How long a request may wait for its turn before it is answered 503 with <c>Retry-After</c>: with a frozen
    /// database every turn lasts the command timeout, and a resident should hear so, not wait minutes in the queue.
    /// </summary>
    [Range(1, 600)]
    public int QueueTimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// The portal works on at most <c>Capacity:MaxConcurrentRequests</c> pages and API requests at a time (decision 1709): a
/// 2-core server serves a burst of 200 residents no faster by starting all 200 at once, and each started request holds
/// its model, its validation and a database context while it waits for one of the pool's connections. The others wait
/// here, oldest first, holding only their connection; beyond the queue, or after <c>Capacity:QueueTimeoutSeconds</c> of waiting, the answer is a 503 with <c>Retry-After</c>
/// (problem details under <c>/api</c>, the error page otherwise). Only controller actions count: static files, health
/// checks, the display board's live connection and the error pages re-executed for a request never wait.
/// </summary>
public static class RequestCapacity
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseRequestCapacity(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<CapacityOptions>>().Value;
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentRequests,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var queueTimeout = TimeSpan.FromSeconds(options.QueueTimeoutSeconds);
        app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(limiter.Dispose);
        return app.Use(async (context, next) =>
        {
            if (!Counts(context))
            {
                await next(context);
                return;
            }
            using var lease = await AcquireAsync(limiter, queueTimeout, context.RequestAborted);
            if (lease?.IsAcquired == true) await next(context);
            else await RefuseAsync(context);
        });
    }

    /// <summary>The turn, or null when the wait outlasted <paramref name="timeout"/>; a resident who left cancels it.</summary>
    private static async Task<RateLimitLease?> AcquireAsync(ConcurrencyLimiter limiter, TimeSpan timeout, CancellationToken aborted)
    {
        var now = limiter.AttemptAcquire(1); // a free turn and nobody waiting: no timer for the common case
        if (now.IsAcquired) return now;
        now.Dispose();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        wait.CancelAfter(timeout);
        try
        {
            return await limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return null;
        }
    }

    private static bool Counts(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>() is not null
        && context.Features.Get<IStatusCodeReExecuteFeature>() is null
        && context.Features.Get<IExceptionHandlerPathFeature>() is null;

    private static Task RefuseAsync(HttpContext context) =>
        TryAgainLater.AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, RetryAfterSeconds, "Layanan sedang sangat sibuk.", "busy");
}
