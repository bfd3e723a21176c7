using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EKtp.Tests.Integration.ScaleOut;

/// <summary>Issue 16: with Redis, an address has one budget across instances; without Redis answering, the portal still answers (decision 1615).</summary>
public class SharedRateLimitTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private WebApplicationFactory<Program> Instance(string name, string redis, int permits) => App.WithWebHostBuilder(b =>
    {
        b.UseSetting("Instance:Name", name);
        b.UseSetting("ConnectionStrings:Redis", redis);
        b.UseSetting("RateLimiting:Enabled", "true");
        b.UseSetting("RateLimiting:PermitsPerMinute", permits.ToString());
    });

    [Fact]
    public async Task Two_instances_sharing_redis_give_one_address_one_budget_between_them()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var web1 = Instance("web1", redis.Configuration, permits: 4);
        await using var web2 = Instance("web2", redis.Configuration, permits: 4);
        using var first = web1.CreateClient();
        using var second = web2.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) answers.Add((await (i % 2 == 0 ? first : second).GetAsync("/api/v1/service-points")).StatusCode);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 4).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)), answers);
    }

    [Fact]
    public async Task With_redis_stopped_requests_are_still_answered_limited_by_the_instance_itself_with_one_warning()
    {
        var redis = await RedisServer.StartAsync();
        await using var web1 = Instance("web1", redis.Configuration, permits: 3);
        using var client = web1.CreateClient();
        var whileRedisRan = await client.GetAsync("/api/v1/service-points");

        await redis.DisposeAsync();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) answers.Add(await client.GetAsync("/api/v1/service-points"));

        Assert.Equal(HttpStatusCode.OK, whileRedisRan.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        Assert.NotNull(answers[3].Headers.RetryAfter);
        var logs = App.Log.Text;
        Assert.Single(logs.Split('\n'), l => l.Contains("Redis did not answer a rate-limit check"));
        Assert.DoesNotContain(SharedRateLimits.KeyPrefix, logs);
    }

    [Fact]
    public async Task A_refusal_counted_in_redis_tells_the_client_how_long_to_wait()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var web1 = Instance("web1", redis.Configuration, permits: 1);
        using var client = web1.CreateClient();

        await client.GetAsync("/api/v1/service-points");
        var refused = await client.GetAsync("/api/v1/service-points");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }
}
