using HealthChecks.NpgSql;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// The data source that <c>/health/ready</c> checks the database through (decision 1608): a pool of its own with one
/// connection kept open (<see cref="DatabaseConnection.ForReadiness"/>), so an instance busy with bookings, whose own
/// pool is exhausted or whose server refuses new connections, still answers ready, and one whose database is gone does
/// not. Not in Npgsql's global pools, so <see cref="DatabaseOutage.Answer"/> clearing those leaves its connection be.
/// Owned by the host and disposed with it.
/// </summary>
public sealed class ReadinessDatabase(string connectionString) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(DatabaseConnection.ForReadiness(connectionString));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}

/// <summary>
/// The readiness check: the health-check package's <c>SELECT 1</c> on <see cref="ReadinessDatabase"/>, awaited no longer
/// than the registration's timeout (1.5 s). On a frozen server Npgsql itself took about 3 s to give the query up in
/// <c>OutageTests</c> (its 1 s command timeout, then, as far as can be seen, the cancel request it sends the server),
/// past the 2 s promised (decision 1303). So the query is given no token and not waited for: it ends in the background
/// and breaks its connection, and the check answers unhealthy on time.
/// </summary>
public sealed class DatabaseReadinessCheck(ReadinessDatabase database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        new NpgSqlHealthCheck(new NpgSqlHealthCheckOptions(database.DataSource)).CheckHealthAsync(context, CancellationToken.None)
            .WaitAsync(cancellationToken);
}
