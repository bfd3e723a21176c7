using EKtp.LinkProxy;
using System.Security.Cryptography;
using EKtp.Web.Data;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Respawn;
using Serilog.Core;

namespace EKtp.Tests.Support;

/// <summary>
/// The portal on its own throwaway PostgreSQL database, migrated and seeded once; <see cref="ResetAsync"/> empties
/// every table but the reference data between tests. The clock is a <see cref="TestClock"/> that tests move;
/// it starts on a Monday morning in WIB so that "today" and "tomorrow" are working days.
/// </summary>
public class EKtpAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Monday 1 March 2027, 08:00 WIB — a working day, with the following days working too.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2027, 3, 1, 1, 0, 0, TimeSpan.Zero);

    private readonly string _purpose;
    private Respawner? _respawner;

    public EKtpAppFactory() : this("web") { }

    protected EKtpAppFactory(string purpose) => _purpose = purpose;

    public TestDatabase Database { get; private set; } = null!;
    public TestClock Clock { get; } = new(DefaultNow);
    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "ektp-test-logs-" + Guid.NewGuid().ToString("N"));

    /// <summary>This app's log, masked as in its files; emptied by <see cref="ResetAsync"/>.</summary>
    public InMemoryLogSink Log { get; } = new(EKtp.Web.Infrastructure.Logging.FileFormatter());

    /// <summary>Settings a test class may change before the app starts (for example turning rate limits on).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["RateLimiting:Enabled"] = "false",
        // Tests call every background job's work themselves (RecurringJobTests runs each job's loop); none runs on its own.
        ["Jobs:Outbox:Enabled"] = "false",
        ["Jobs:Reminders:Enabled"] = "false",
        ["Jobs:NoShows:Enabled"] = "false",
        ["Jobs:SlotGeneration:Enabled"] = "false",
        ["Jobs:Retention:Enabled"] = "false",
        ["Jobs:Rollups:Enabled"] = "false",
        ["Notifications:FileDirectory"] = Path.Combine(Path.GetTempPath(), "ektp-test-outbox-" + Guid.NewGuid().ToString("N")),
        ["Database:MigrateOnStartup"] = "false",
        // Admin and Head sign in with a password only here; the two-factor tests use TwoFactorAppFactory, which requires it.
        ["StaffSecurity:RequireTwoFactorForAdminAndHead"] = "false",
        // Static assets as production serves them (a year's caching), not the build's edit-and-reload handler.
        ["ReloadStaticAssetsAtRuntime"] = "false",
        ["PersonalData:ActiveKeyId"] = "t1",
        ["PersonalData:EncryptionKeys:t1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["PersonalData:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(_purpose);
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            await db.Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
        }
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Service points and schedules are emptied and seeded again too: the admin tests change them.
            // The Data Protection key ring stays, as it does in production: every test's cookies use the same key.
            TablesToIgnore = ["__EFMigrationsHistory", "regions", "staff_roles", "data_protection_keys"],
        });
    }

    /// <summary>Empties every table but the reference data, puts the clock back, and regenerates slots.</summary>
    public async Task ResetAsync()
    {
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await _respawner!.ResetAsync(connection);
        }
        Clock.SetUtcNow(DefaultNow);
        Log.Clear();
        using var scope = Services.CreateScope();
        // Holidays, service points and schedules are emptied too (tests change them) and seeded again.
        await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
        await scope.ServiceProvider.GetRequiredService<SlotGenerator>().GenerateAsync();
    }

    /// <summary>A scope with a DbContext for arranging and checking rows directly.</summary>
    public async Task<T> WithDbAsync<T>(Func<EKtpDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<EKtpDbContext>());
    }

    public Task WithDbAsync(Func<EKtpDbContext, Task> work) => WithDbAsync(async db => { await work(db); return true; });

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// A proxy in front of this app's database, and a second host of the portal that reaches the database only through
    /// it, with short timeouts (a test that freezes the database should not wait for the defaults).
    /// </summary>
    public (TcpProxy Proxy, WebApplicationFactory<Program> Portal) ThroughProxy(IDictionary<string, string>? settings = null)
    {
        var target = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
        var proxy = new TcpProxy(target.Host!, target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 }.ConnectionString;
        var portal = WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:EKtp", throughProxy);
            b.UseSetting("Database:CommandTimeoutSeconds", "2");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
        });
        return (proxy, portal);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:EKtp", Database.ConnectionString);
        builder.UseSetting("Logging:Directory", LogDirectory);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Serilog takes sinks from the services (ReadFrom.Services) beside its console and file sinks.
            services.AddSingleton<ILogEventSink>(Log);
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(LogDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The same portal on Kestrel on a loopback port, for a real browser.</summary>
public class KestrelAppFactory : EKtpAppFactory
{
    public KestrelAppFactory() : this("browser") { }

    protected KestrelAppFactory(string purpose) : base(purpose) => UseKestrel(0);

    public string BaseAddress { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        BaseAddress = AddressOf(Services);
    }

    /// <summary>The loopback address a started Kestrel portal listens at, without a trailing slash.</summary>
    public static string AddressOf(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseUrls("http://127.0.0.1:0");
    }
}
