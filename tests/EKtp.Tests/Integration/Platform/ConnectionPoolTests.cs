using EKtp.Tests.Support;
using EKtp.Bench;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EKtp.Tests.Integration.Platform;

/// <summary>
/// Pooled connections are not reset when taken again (decision 0006), so no session setting may be left on one.
/// The synthetic-data seeder switches foreign-key triggers off for its sessions: those connections must never reach the pool.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public class ConnectionPoolTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task The_seeders_session_setting_does_not_reach_the_portals_pooled_connections()
    {
        string connectionString;
        using (var scope = App.Services.CreateScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<Web.Data.EKtpDbContext>().Database.GetConnectionString()!;
            // An empty pool first: afterwards it holds only connections opened during the seeding.
            using (var probe = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(probe);
            // The generator lives in tools/EKtp.Bench (./ektp seed); it takes the portal's own services.
            await ActivatorUtilities.CreateInstance<SyntheticData>(scope.ServiceProvider)
                .GenerateAsync(new SyntheticData.Settings(Residents: 500, Seed: 7, Years: 1, Replace: true));
        }

        Assert.True(new NpgsqlConnectionStringBuilder(connectionString).NoResetOnClose);
        // Take more connections at once than were opened during the seeding, so every idle one in the pool is among them.
        var connections = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                connections.Add(connection);
            }
            foreach (var connection in connections)
            {
                await using var show = new NpgsqlCommand("SELECT current_setting('session_replication_role')", connection);
                Assert.Equal("origin", (string?)await show.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }
}
