using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// The per-address and per-key budgets of <see cref="RateLimits"/> counted in Redis (<c>ConnectionStrings:Redis</c>,
/// the SignalR backplane's server), so an address has one budget however many instances answer it (issue 16,
/// decision 1615). One connection serves every request. While Redis cannot answer, each window is counted in this
/// process instead — the budget per instance, as before Redis — with one warning when that starts and a note when
/// Redis answers again: a portal whose rate-limit store is down still serves residents.
/// </summary>
public sealed class SharedRateLimits : IDisposable
{
    /// <summary>Namespaces the window keys, beside the backplane's <c>ektp</c> channel prefix, in a shared Redis.</summary>
    public const string KeyPrefix = "ektp:rate:";

    private readonly ConnectionMultiplexer _redis;
    private readonly ILogger<SharedRateLimits> _logger;
    private int _unreachable;

    public SharedRateLimits(IConfiguration configuration, ILogger<SharedRateLimits> logger)
    {
        _logger = logger;
        var options = ConfigurationOptions.Parse(configuration.GetConnectionString(ScaleOut.RedisConnectionName)!);
        // Never wait for Redis on a resident's request: not at start, not queued behind a lost connection, and at most
        // a second for an answer. Keys hold client addresses, so they stay out of exception texts.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 1000;
        options.SyncTimeout = 1000;
        options.IncludeDetailInExceptions = false;
        options.ClientName = "ektp-rate-limits";
        _redis = ConnectionMultiplexer.Connect(options);
    }

    /// <summary>The limiter of one partition: Redis's window for <paramref name="key"/>, this process's while Redis is away.</summary>
    public RateLimiter Limiter(string key, int permits) => new FailOpenLimiter(this,
        new RedisFixedWindowRateLimiter<string>(KeyPrefix + key, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = RateLimits.Window,
            ConnectionMultiplexerFactory = () => _redis,
        }),
        new FixedWindowRateLimiter(RateLimits.InProcess(permits)));

    private void Unreachable(Exception error)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
            _logger.LogWarning("Redis did not answer a rate-limit check ({Error}); counting rate limits in this instance until it does",
                error.GetType().Name);
    }

    private void Answered()
    {
        if (Interlocked.Exchange(ref _unreachable, 0) == 1)
            _logger.LogInformation("Redis answers rate-limit checks again; budgets are shared across instances");
    }

    public void Dispose() => _redis.Dispose();

    /// <summary>
    /// Asks Redis; on a connection error or time-out, the in-process window. Evicted with the in-process window when
    /// that has idled, so an address seen once does not keep a limiter for ever.
    /// </summary>
    private sealed class FailOpenLimiter(SharedRateLimits owner, RateLimiter shared, RateLimiter local) : RateLimiter
    {
        public override TimeSpan? IdleDuration => local.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

        // Redis is only asked asynchronously; a refused attempt makes the middleware call AcquireAsync.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => NotAttempted.Instance;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            try
            {
                var lease = await shared.AcquireAsync(permitCount, cancellationToken);
                owner.Answered();
                return lease;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                owner.Unreachable(e);
                return await local.AcquireAsync(permitCount, cancellationToken);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                shared.Dispose();
                local.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class NotAttempted : RateLimitLease
    {
        public static readonly NotAttempted Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
