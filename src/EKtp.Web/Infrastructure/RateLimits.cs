using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>Per-client-address limits on public endpoints. Apply with <c>[EnableRateLimiting(RateLimits.Public)]</c>.</summary>
public static class RateLimits
{
    public const string Public = "public";

    /// <summary>Staff sign-in (password and authenticator code) per client address: guessing is slow from any one place.</summary>
    public const string SignIn = "sign-in";

    public static IServiceCollection AddEKtpRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Public, context => PerAddress(context, options => options.PermitsPerMinute));
            o.AddPolicy(SignIn, context => PerAddress(context, options => options.SignInPermitsPerMinute));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "60";
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                    await problems.WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails = new ProblemDetails
                        {
                            Status = 429,
                            Title = "Terlalu banyak permintaan.",
                            Detail = "Coba lagi dalam satu menit.",
                        },
                    });
                }
                else
                {
                    // A friendly page, written here: the limiter rejects before MVC runs.
                    http.Response.ContentType = "text/html; charset=utf-8";
                    await http.Response.WriteAsync(TooManyRequestsPage, cancellationToken);
                }
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, Func<RateLimitingOptions, int> permits)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitingOptions>>().CurrentValue;
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter("off");
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    // A self-contained page: the limiter rejects before MVC runs, and this must cost nothing to serve.
    private const string TooManyRequestsPage = """
        <!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Terlalu banyak permintaan — EKtp Pasaman</title><link rel="stylesheet" href="/css/site.css"></head>
        <body><main class="container py-4"><h1>Terlalu banyak permintaan</h1>
        <p>Anda mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu satu menit, lalu coba lagi.</p>
        <p lang="en">Too many requests. Please wait a minute and try again.</p>
        <p><a href="/">Kembali ke beranda</a></p></main></body></html>
        """;
}
