using StackExchange.Redis;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// What lets several portal instances stand behind one load balancer (issue 16, decisions 1601–1602):
/// <list type="bullet">
/// <item>job leases in PostgreSQL, so each background job runs on one instance per interval;</item>
/// <item>the SignalR Redis backplane when <c>ConnectionStrings:Redis</c> is set (a StackExchange.Redis configuration
/// such as <c>127.0.0.1:6379</c>), so a "call next" on one instance reaches the boards connected to another. Without it
/// (one instance, tests, <c>./ektp run</c>) SignalR stays in process.</item>
/// </list>
/// Data Protection keys are already shared through the database (decision 1111), forwarded headers come from
/// <see cref="ProxyHeaders"/>, rate limits from Redis when it is set (<see cref="SharedRateLimits"/>, decision 1615),
/// sign-in throttles and lookup lockouts from the database.
/// </summary>
public static class ScaleOut
{
    public const string RedisConnectionName = "Redis";

    public static IServiceCollection AddEKtpScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InstanceOptions>().BindConfiguration(InstanceOptions.Section);
        services.AddSingleton<JobLeases>();
        var signalR = services.AddSignalR();
        var redis = configuration.GetConnectionString(RedisConnectionName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            signalR.AddStackExchangeRedis(redis, o =>
            {
                o.Configuration.ChannelPrefix = RedisChannel.Literal("ektp");
                // Redis away at start (or later) is no reason to refuse residents: boards fall back to reloading until it is back.
                o.Configuration.AbortOnConnectFail = false;
            });
        }
        return services;
    }
}
