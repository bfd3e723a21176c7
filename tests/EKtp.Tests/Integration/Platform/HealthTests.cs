using EKtp.LinkProxy;
using System.Net;
using EKtp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace EKtp.Tests.Integration.Platform;

[Collection(PlatformDatabaseCollection.Name)]
public class HealthTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Liveness_answers_without_the_database_and_readiness_checks_it()
    {
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Readiness_fails_while_the_database_is_unreachable_and_recovers_when_it_returns()
    {
        var target = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        proxy.Start();
        var throughProxy = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString)
        {
            Host = "127.0.0.1", Port = proxy.Port, Pooling = false, Timeout = 3,
        }.ConnectionString;
        await using var factory = App.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:EKtp", throughProxy));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        proxy.Stop();
        var down = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        proxy.Start();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
