using EKtp.LinkProxy;
using System.Net;
using EKtp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using EKtp.Web.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Readiness_stays_ready_while_every_connection_of_the_pages_pool_is_taken()
    {
        var small = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString) { MaxPoolSize = 2, Timeout = 1 }.ConnectionString;
        await using var factory = App.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:EKtp", small));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // Two requests' worth of work holding the pool's two connections, as bookings do under load.
        using var busy = await HoldConnectionsAsync(factory, 2);
        using var third = factory.Services.CreateScope();
        // A third waits its second and gives up: the pool is exhausted (EF Core wraps Npgsql's exception).
        var exhausted = await Assert.ThrowsAsync<InvalidOperationException>(() => third.ServiceProvider.GetRequiredService<EKtpDbContext>().Database.OpenConnectionAsync());
        Assert.IsType<TimeoutException>(Assert.IsType<NpgsqlException>(exhausted.InnerException).InnerException);

        // HAProxy takes an instance out after three failed checks (decision 1607): three in a row stay ready.
        for (var check = 0; check < 3; check++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Readiness_stays_ready_while_the_server_refuses_new_connections_and_fails_once_the_database_is_gone()
    {
        // The failover benchmark's one-instance phase: PostgreSQL full (53300) while the instance is merely busy. A role
        // with a connection limit of its own stands in for max_connections without touching the shared server's.
        var role = $"ektp_test_ready_{Guid.NewGuid():N}"[..30];
        const string password = "Readiness-Test-Pasaman-1";
        await using var admin = new NpgsqlConnection(App.Database.ConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}' CONNECTION LIMIT 3");
        try
        {
            var target = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString);
            await using var proxy = new TcpProxy(target.Host!, target.Port);
            proxy.Start();
            var asRole = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString)
            {
                Host = "127.0.0.1", Port = proxy.Port, Username = role, Password = password, Timeout = 2,
            }.ConnectionString;
            await using var factory = App.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:EKtp", asRole));
            using var client = factory.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

            // The pages' pool takes the role's other two connections; the server then refuses any new one.
            using var busy = await HoldConnectionsAsync(factory, 2);
            await using (var refused = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(asRole) { Pooling = false }.ConnectionString))
                Assert.Equal("53300", (await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync())).SqlState);

            for (var check = 0; check < 3; check++)
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

            proxy.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'");
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    /// <summary>Scopes each holding an open connection of the portal's own pool, until disposed.</summary>
    private sealed class HeldConnections(List<IServiceScope> scopes) : IDisposable
    {
        public void Dispose() => scopes.ForEach(s => s.Dispose());
    }

    private static async Task<HeldConnections> HoldConnectionsAsync(WebApplicationFactory<Program> factory, int count)
    {
        var scopes = new List<IServiceScope>();
        for (var i = 0; i < count; i++)
        {
            var scope = factory.Services.CreateScope();
            scopes.Add(scope);
            await scope.ServiceProvider.GetRequiredService<EKtpDbContext>().Database.OpenConnectionAsync();
        }
        return new HeldConnections(scopes);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
