using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Dashboard;

/// <summary>
/// Where the dashboard reads (decision 1603): <c>ConnectionStrings:EKtpReadOnly</c> when set — typically both
/// PostgreSQL hosts with <c>Target Session Attributes=prefer-standby</c>, so the head's reports leave the primary to
/// bookings — otherwise the portal's own database. Its "data as of" stamp is read in the same snapshot as its figures
/// (<see cref="DashboardReader"/>), so a standby that lags shows the older figures with the older stamp, the time the
/// rollup run started as written on the primary.
/// </summary>
public sealed class DashboardDatabase(EKtpDbContext primary, DashboardDatabase.ReadOnly? readOnly = null) : IAsyncDisposable, IDisposable
{
    public const string ConnectionName = "EKtpReadOnly";

    private EKtpDbContext? _standby;

    public EKtpDbContext Context => readOnly is null ? primary : _standby ??= new EKtpDbContext(readOnly.Options);

    public ValueTask DisposeAsync() => _standby?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => _standby?.Dispose();

    /// <summary>The read-only connection's options, built once.</summary>
    public sealed record ReadOnly(DbContextOptions<EKtpDbContext> Options);

    public static IServiceCollection AddDashboardDatabase(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped(sp => new DashboardDatabase(sp.GetRequiredService<EKtpDbContext>(), sp.GetService<ReadOnly>()));
        var connectionString = configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString)) return services;
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var options = new DbContextOptionsBuilder<EKtpDbContext>()
            .UseNpgsql(DatabaseConnection.Tune(connectionString, database.ConnectTimeoutSeconds, database.MaxPoolSize), n => n.CommandTimeout(database.CommandTimeoutSeconds))
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options;
        return services.AddSingleton(new ReadOnly(options));
    }
}
