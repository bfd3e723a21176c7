using EKtp.Bench;
using Npgsql;

namespace EKtp.Tests.Integration.Benchmarks;

/// <summary>
/// The booking bench's <see cref="DurableDatabase"/> (decision 1712) on the suite's own cluster. The tests never make
/// the cluster less durable than they found it: on a cluster made by <c>./ektp test</c> (<c>fsync = off</c>) they go
/// through turning it on and back; on one made by <c>./ektp run</c> (on) they check that it is left alone. Each puts
/// the setting back as it found it, in the same file. Commits beside them are slower for a second.
/// </summary>
public sealed class DurableDatabaseTests : IAsyncLifetime
{
    private static readonly string Admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("EKTP_TEST_PG")!)
    {
        Pooling = false,
    }.ConnectionString;

    private readonly NpgsqlDataSource _data = NpgsqlDataSource.Create(Admin);
    private (string Setting, bool BySystem) _found;

    [Fact]
    public async Task Fsync_as_the_cluster_was_made_is_on_during_the_bench_and_as_it_was_after_it() =>
        await BenchAndCompareAsync(_found);

    [Fact]
    public async Task Fsync_set_by_alter_system_is_on_during_the_bench_and_set_by_alter_system_to_its_value_again_after_it()
    {
        // The value it has already, now from postgresql.auto.conf: no less durable than before.
        await DurableDatabase.ApplyAsync(_data, $"ALTER SYSTEM SET fsync = {_found.Setting}");
        var before = await DurableDatabase.FsyncAsync(_data);
        Assert.Equal((_found.Setting, true), before);

        await BenchAndCompareAsync(before);
    }

    private async Task BenchAndCompareAsync((string Setting, bool BySystem) before)
    {
        await using (var durable = await DurableDatabase.EnsureAsync(Admin))
        {
            // Off: turned on for the bench, by ALTER SYSTEM. On: nothing to do, nothing changed.
            Assert.Equal(before.Setting == "off", durable is not null);
            Assert.Equal(("on", before.Setting == "off" || before.BySystem), await DurableDatabase.FsyncAsync(_data));
        }
        Assert.Equal(before, await DurableDatabase.FsyncAsync(_data));
    }

    public async Task InitializeAsync() => _found = await DurableDatabase.FsyncAsync(_data);

    public async Task DisposeAsync()
    {
        await DurableDatabase.ApplyAsync(_data, _found.BySystem ? $"ALTER SYSTEM SET fsync = {_found.Setting}" : "ALTER SYSTEM RESET fsync");
        await _data.DisposeAsync();
    }
}
