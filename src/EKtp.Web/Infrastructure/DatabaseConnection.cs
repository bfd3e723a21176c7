using Npgsql;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// The portal's defaults for its pooled PostgreSQL connections, unless the connection string sets them itself
/// (decision 0006):
/// <list type="bullet">
/// <item><c>No Reset On Close</c>: Npgsql otherwise sends <c>DISCARD ALL</c> each time a pooled connection is taken
/// again, which is once per EF query outside a transaction (three times per booking). The portal keeps no session state
/// on pooled connections: no <c>SET</c> without <c>LOCAL</c>, no temporary tables, no session advisory locks, no
/// <c>LISTEN</c>. Code that needs session state opens its own unpooled connection (the synthetic-data seeder).</item>
/// <item><c>Max Auto Prepare</c>: statements that run often (the slot list, the booking transaction) are prepared
/// on each connection after a few uses, so PostgreSQL parses and plans them once instead of every time.</item>
/// <item><c>Timeout</c> (connecting, or waiting for a pooled connection): set from <c>Database:ConnectTimeoutSeconds</c>,
/// so an unreachable database is an outage answered in seconds, not a page hanging for Npgsql's 15 seconds per attempt.</item>
/// <item><c>Maximum Pool Size</c>: from <c>Database:MaxPoolSize</c> (20), not Npgsql's 100 (decision 1709). A 2-core
/// server runs no faster with more than a few dozen busy backends: a burst of 200 requests opened 100 connections, each
/// with its own prepared statements and buffers in the portal and a backend in PostgreSQL, and the portal kept ~30 MiB
/// more for it and served fewer requests per second. The requests beyond the pool wait for a free connection (at most
/// <c>Timeout</c>).</item>
/// </list>
/// </summary>
public static class DatabaseConnection
{
    public const int AutoPrepareStatements = 64;

    public const int DefaultConnectTimeoutSeconds = 10;

    public const int DefaultMaxPoolSize = 20;

    public static string Tune(string connectionString, int connectTimeoutSeconds = DefaultConnectTimeoutSeconds,
        int maxPoolSize = DefaultMaxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "timeout")) builder.Timeout = connectTimeoutSeconds;
        if (!Sets(connectionString, "maximumpoolsize") && !Sets(connectionString, "maxpoolsize"))
            builder.MaxPoolSize = Math.Max(maxPoolSize, builder.MinPoolSize);
        if (!Sets(connectionString, "noresetonclose")) builder.NoResetOnClose = true;
        if (!Sets(connectionString, "maxautoprepare")) builder.MaxAutoPrepare = AutoPrepareStatements;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Readiness's own pool (decision 1608), apart from the pages': at least one connection is kept open and each check
    /// runs its query on it, so a check needs neither a free connection of the busy pages' pool nor a new one from a
    /// server that is refusing them while full; a stopped or frozen database still fails the query. A short connect
    /// and command timeout and a cancelled check breaking its connection at once (instead of waiting for a frozen
    /// server to confirm the cancellation) keep the answer within two seconds (decision 1303). A broken connection
    /// leaves the pool, and the next check opens a new one. Named, so that <c>pg_stat_activity</c> tells it apart.
    /// </summary>
    public static string ForReadiness(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = 1, CommandTimeout = 1, CancellationTimeout = -1,
            Pooling = true, MinPoolSize = 1, MaxPoolSize = 2, ApplicationName = ReadinessApplicationName,
        }.ConnectionString;

    public const string ReadinessApplicationName = "ektp-readiness";

    /// <summary>A connection of its own, outside the pool, for code that changes session settings.</summary>
    public static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>Whether the string names this setting itself ("No Reset On Close", "NoResetOnClose", any case).</summary>
    private static bool Sets(string connectionString, string normalisedKey) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(normalisedKey, StringComparison.OrdinalIgnoreCase));
}
