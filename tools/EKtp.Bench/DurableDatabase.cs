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
    private readonly string _undo;

    private DurableDatabase(NpgsqlDataSource data, string undo) => (_data, _undo) = (data, undo);

    /// <summary>Null when <c>fsync</c> is already on, or could not be turned on (a line says why).</summary>
    public static async Task<DurableDatabase?> EnsureAsync(string connectionString)
    {
        var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        var (setting, bySystem) = await FsyncAsync(data);
        var undo = bySystem ? "ALTER SYSTEM SET fsync = off" : "ALTER SYSTEM RESET fsync";
        if (setting == "on")
        {
            await data.DisposeAsync();
            return null;
        }
        try
        {
            await using (var alter = data.CreateCommand("ALTER SYSTEM SET fsync = on")) await alter.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("The cluster has fsync off and this role may not change it: the figures are of a database whose commits do not reach the disk.");
            await data.DisposeAsync();
            return null;
        }
        var durable = new DurableDatabase(data, undo);
        try
        {
            await ReloadAsync(data);
            if ((await FsyncAsync(data)).Setting != "on")
            {
                // Set where ALTER SYSTEM cannot outrank it (postgres -c fsync=off).
                Console.WriteLine("fsync stays off after ALTER SYSTEM (set on the server's command line?): the figures are of a database whose commits do not reach the disk.");
                await durable.DisposeAsync();
                return null;
            }
        }
        catch
        {
            await durable.DisposeAsync();
            throw;
        }
        Console.WriteLine("The cluster has fsync off; it is on for this bench (decision 1712) and goes back afterwards.");
        return durable;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ApplyAsync(_data, _undo);
        }
        finally
        {
            await _data.DisposeAsync();
        }
    }

    /// <summary>The setting a new session sees, and whether it comes from <c>ALTER SYSTEM</c> (postgresql.auto.conf).</summary>
    public static async Task<(string Setting, bool BySystem)> FsyncAsync(NpgsqlDataSource data)
    {
        await using var show = data.CreateCommand(
            "SELECT setting, coalesce(sourcefile LIKE '%postgresql.auto.conf', false) FROM pg_settings WHERE name = 'fsync'");
        await using var reader = await show.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetBoolean(1));
    }

    /// <summary>Runs an <c>ALTER SYSTEM</c> statement and reloads (<see cref="ReloadAsync"/>).</summary>
    public static async Task ApplyAsync(NpgsqlDataSource data, string statement)
    {
        await using (var alter = data.CreateCommand(statement)) await alter.ExecuteNonQueryAsync();
        await ReloadAsync(data);
    }

    /// <summary>
    /// Reloads the configuration, then waits until a new session has read the reloaded files: a reload is asynchronous,
    /// and a session starts with the server's last load (the data source does not pool, so each command's is new).
    /// </summary>
    private static async Task ReloadAsync(NpgsqlDataSource data)
    {
        DateTime before;
        await using (var reload = data.CreateCommand("SELECT pg_conf_load_time(), pg_reload_conf()"))
        await using (var reader = await reload.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            before = reader.GetDateTime(0);
        }
        for (var i = 0; i < 100; i++)
        {
            await using var loaded = data.CreateCommand("SELECT pg_conf_load_time()");
            if ((DateTime)(await loaded.ExecuteScalarAsync())! != before) return;
            await Task.Delay(50);
        }
        throw new InvalidOperationException("PostgreSQL did not reload its configuration within 5 s.");
    }
}
