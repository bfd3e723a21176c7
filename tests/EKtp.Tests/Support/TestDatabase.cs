using Npgsql;

namespace EKtp.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL database on the server that <c>./ektp test</c> starts (EKTP_TEST_PG names it, connected
/// to its maintenance database). Created for a test run and dropped at its end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private TestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>How long the suite's connections to its own server may take to open (see <see cref="CreateAsync"/>).</summary>
    public const int PatientConnectSeconds = 30;

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        var admin = Environment.GetEnvironmentVariable("EKTP_TEST_PG")
            ?? throw new InvalidOperationException(
                "EKTP_TEST_PG is not set. Run the tests with ./ektp test, which starts PostgreSQL and sets it, " +
                "or set it to a connection string of a PostgreSQL 15 server user that may create databases.");
        var name = $"ektp_test_{purpose}_{Environment.ProcessId}_{Guid.NewGuid():N}"[..50].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        // 30 s to connect, or to wait for a pooled connection, instead of the portal's 10 (Database:ConnectTimeoutSeconds;
        // the string's own Timeout wins): on a CI machine running several collections at once a new backend can take
        // seconds, and no test here judges how fast a healthy server accepts a connection (the outage tests set their
        // own short timeouts). At most 60 connections per database: three database collections and the others share
        // the server's 300 (max_connections); with 250 each, 200 simultaneous bookings (BookingsApiTests) once got 107
        // answers that were neither 201 nor 409 while other collections' tests held connections of their own.
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 60, Timeout = PatientConnectSeconds };
        return new TestDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
