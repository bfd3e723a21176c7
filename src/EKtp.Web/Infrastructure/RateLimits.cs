using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Limits on public endpoints that fit real use (decision 1311). Under <see cref="Public"/>: page views (GET) have a
/// generous budget per client address of their own; form submissions and lookups (POST) the smaller
/// <c>RateLimiting:PermitsPerMinute</c> per address; the API the same per address, or the budget of its
/// <c>X-Api-Key</c> when a kiosk or chat bot sends one. Guessing a booking code or NIK is stopped per code and NIK
/// by the lookup lockout, not here. Apply with <c>[EnableRateLimiting(RateLimits.Public)]</c>. With
/// <c>ConnectionStrings:Redis</c> set the windows are counted in Redis, one budget across every instance, and in this
/// process while Redis cannot answer (<see cref="SharedRateLimits"/>, decision 1615).
/// </summary>
public static class RateLimits
{
    public const string Public = "public";

    /// <summary>Staff sign-in (password and authenticator code) per client address: guessing is slow from any one place.</summary>
    public const string SignIn = "sign-in";

    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>On a rejected page request: the seconds to wait, for the 429 page re-executed at /error/429.</summary>
    public const string RetryAfterItem = "ektp.rate-limit.retry-after";

    /// <summary>Set on a rejected public form POST, so the 429 page may offer to send what was typed again.</summary>
    public const string ResubmitItem = "ektp.rate-limit.resubmit";

    /// <summary>Every budget is per minute, in fixed windows.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddEKtpRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(ScaleOut.RedisConnectionName)))
            services.AddSingleton<SharedRateLimits>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Public, PublicPartition);
            o.AddPolicy(SignIn, context => PerAddress(context, "sign-in", options => options.SignInPermitsPerMinute));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var seconds = Math.Max(1, RetryAfterSeconds(context.Lease));
                await TryAgainLater.AnswerAsync(http, StatusCodes.Status429TooManyRequests, seconds, "Terlalu banyak permintaan.", "rate-limited");
                if (http.Request.Path.StartsWithSegments("/api")) return;
                // Pages: no body here, so the status-code pages re-execute /error/429 in the site's layout, with the
                // request's form still unread; a public form's fields are offered there to send again (never sign-in's).
                http.Items[RetryAfterItem] = seconds;
                if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
                    && http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Public)
                    http.Items[ResubmitItem] = true;
            };
        });
        return services;
    }

    /// <summary>In-process leases carry a <see cref="TimeSpan"/>, Redis ones whole seconds; a lease with neither waits a window.</summary>
    private static int RetryAfterSeconds(RateLimitLease lease)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)) return (int)Math.Ceiling(wait.TotalSeconds);
        if (lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var seconds) && seconds is int whole) return whole;
        return (int)Window.TotalSeconds;
    }

    private static RateLimitPartition<string> PublicPartition(HttpContext context)
    {
        var options = Options(context);
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter("off");
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api"))
        {
            if (request.Headers[ApiKeyHeader] is [{ Length: > 0 } presented] && options.FindApiKey(presented) is { } key)
                return FixedWindow(context, $"api-key:{key.PermitsPerMinute}:{key.Name}", key.PermitsPerMinute);
            return PerAddress(context, "api", o => o.PermitsPerMinute);
        }
        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? PerAddress(context, "view", o => o.PageViewPermitsPerMinute)
            : PerAddress(context, "form", o => o.PermitsPerMinute);
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string budget, Func<RateLimitingOptions, int> permits)
    {
        var options = Options(context);
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter("off");
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // The budget is part of the key, so a changed setting takes effect at once rather than when the window idles out.
        var limit = permits(options);
        return FixedWindow(context, $"{budget}:{limit}:{client}", limit);
    }

    private static RateLimitPartition<string> FixedWindow(HttpContext context, string key, int permits) =>
        context.RequestServices.GetService<SharedRateLimits>() is { } shared
            ? RateLimitPartition.Get(key, k => shared.Limiter(k, permits))
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => InProcess(permits));

    internal static FixedWindowRateLimiterOptions InProcess(int permits) => new()
    {
        PermitLimit = permits,
        Window = Window,
        QueueLimit = 0,
    };

    private static RateLimitingOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitingOptions>>().CurrentValue;
}

/// <summary>An API client with its own budget: a kiosk or chat bot. Only the SHA-256 of its key is configured.</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    /// <summary>The key's SHA-256 in hex (<c>printf %s "$KEY" | sha256sum</c>); the key itself is never configured.</summary>
    public string Sha256 { get; set; } = "";

    public int PermitsPerMinute { get; set; } = 300;

    internal byte[] HashBytes => Convert.FromHexString(Sha256);
}

public static class ApiKeys
{
    /// <summary>
    /// The configured key a presented one hashes to. Every configured hash is compared in constant time, and all of
    /// them every time, so neither the answer's time nor its path tells how much of a guess was right.
    /// </summary>
    public static ApiKeyOptions? FindApiKey(this RateLimitingOptions options, string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKeyOptions? found = null;
        foreach (var key in options.ApiKeys)
            if (CryptographicOperations.FixedTimeEquals(hash, key.HashBytes)) found ??= key;
        return found;
    }
}
