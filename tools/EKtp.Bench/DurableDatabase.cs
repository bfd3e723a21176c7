using Npgsql;

namespace EKtp.Bench;

/// <summary>
/// Turns <c>fsync</c> on for a benchmark's duration when the cluster has it off (a cluster first made by
/// <c>./ektp test</c>), so that what is measured commits as a deployment does (decision 1712); puts the cluster's own
/// setting back when disposed: <c>ALTER SYSTEM RESET</c>, or <c>off</c> again where <c>ALTER SYSTEM</c> had set it.
/// <c>fsync</c> takes effect on a reload, so nothing restarts. A bench that is killed leaves it on: slower tests, never
/// a less durable database. Needs a superuser; without one it says so and the cluster is measured as it is.
/// </summary>
public sealed class DurableDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _data;
    private readonly bool _offBySystem;

    private DurableDatabase(NpgsqlDataSource data, bool offBySystem) => (_data, _offBySystem) = (data, offBySystem);

    /// <summary>Null when <c>fsync</c> is already on, or this role may not change it (a line says so).</summary>
    public static async Task<DurableDatabase?> EnsureAsync(string connectionString)
    {
        var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        bool on, offBySystem;
        await using (var show = data.CreateCommand(
            "SELECT setting = 'on', coalesce(sourcefile LIKE '%postgresql.auto.conf', false) FROM pg_settings WHERE name = 'fsync'"))
        await using (var reader = await show.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (on, offBySystem) = (reader.GetBoolean(0), reader.GetBoolean(1));
        }
        if (on)
        {
            await data.DisposeAsync();
            return null;
        }
        try
        {
            await ApplyAsync(data, "ALTER SYSTEM SET fsync = on");
            Console.WriteLine("The cluster has fsync off; it is on for this bench (decision 1712) and goes back afterwards.");
            return new DurableDatabase(data, offBySystem);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("The cluster has fsync off and this role may not change it: the figures are of a database whose commits do not reach the disk.");
            await data.DisposeAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ApplyAsync(_data, _offBySystem ? "ALTER SYSTEM SET fsync = off" : "ALTER SYSTEM RESET fsync");
        await _data.DisposeAsync();
    }

    /// <summary>
    /// Changes the setting and reloads, then waits until a new session has read the reloaded files: a reload is
    /// asynchronous, and each session reads them when it starts (the data source does not pool, so each is new).
    /// </summary>
    public static async Task ApplyAsync(NpgsqlDataSource data, string statement)
    {
        DateTime before;
        await using (var alter = data.CreateCommand(statement)) await alter.ExecuteNonQueryAsync();
        await using (var reload = data.CreateCommand("SELECT pg_conf_load_time(), pg_reload_conf()"))
        await using (var reader = await reload.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            before = reader.GetDateTime(0);
        }
        for (var i = 0; i < 100; i++)
        {
            await using var loaded = data.CreateCommand("SELECT pg_conf_load_time()");
            if ((DateTime)(await loaded.ExecuteScalarAsync())! > before) return;
            await Task.Delay(50);
        }
        throw new InvalidOperationException("PostgreSQL did not reload its configuration within 5 s.");
    }
}
