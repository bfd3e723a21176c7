using EKtp.Bench;
using Npgsql;

namespace EKtp.Tests.Integration.Benchmarks;

/// <summary>
/// The booking bench's <see cref="DurableDatabase"/> (decision 1712) on the suite's own cluster: it changes the
/// cluster's <c>fsync</c> (with <c>ALTER SYSTEM</c>, for seconds), which makes commits slower beside it, never less
/// durable. Each test leaves the cluster's setting as <c>postgresql.conf</c> has it.
/// </summary>
public sealed class DurableDatabaseTests : IAsyncLifetime
{
    private static readonly string Admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("EKTP_TEST_PG")!)
    {
        Pooling = false,
    }.ConnectionString;

    [Fact]
    public async Task A_cluster_with_fsync_off_commits_to_disk_during_the_bench_and_has_fsync_off_again_after_it()
    {
        await SetAsync("ALTER SYSTEM SET fsync = off");
        Assert.Equal(("off", true), await FsyncAsync());

        await using (var durable = await DurableDatabase.EnsureAsync(Admin))
        {
            Assert.NotNull(durable);
            Assert.Equal(("on", true), await FsyncAsync());
        }

        // Off again, and still from ALTER SYSTEM, where it came from: not reset to whatever postgresql.conf says.
        Assert.Equal(("off", true), await FsyncAsync());
    }

    [Fact]
    public async Task A_cluster_with_fsync_on_is_left_as_it_is()
    {
        await SetAsync("ALTER SYSTEM SET fsync = on");

        await using (var durable = await DurableDatabase.EnsureAsync(Admin)) Assert.Null(durable);

        Assert.Equal(("on", true), await FsyncAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => SetAsync("ALTER SYSTEM RESET fsync");

    /// <summary>The setting a new session sees, and whether it comes from <c>ALTER SYSTEM</c>.</summary>
    private static async Task<(string Setting, bool BySystem)> FsyncAsync()
    {
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT setting, coalesce(sourcefile LIKE '%postgresql.auto.conf', false) FROM pg_settings WHERE name = 'fsync'", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetBoolean(1));
    }

    private static async Task SetAsync(string statement)
    {
        await using var data = NpgsqlDataSource.Create(Admin);
        await DurableDatabase.ApplyAsync(data, statement);
    }
}
