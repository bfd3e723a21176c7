using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EKtp.Tests.Support;

/// <summary>
/// One portal of a hub-and-node arrangement on clusters of a test's own (<see cref="PgCluster"/>): the hub or a field
/// node, by its settings. The hub and its nodes share the personal data keys (a node hashes a walk-in's NIK as the
/// hub does) and, here, one test clock.
/// </summary>
public sealed class FieldPortal(string connectionString, TestClock clock, IDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    public static Dictionary<string, string> SharedKeys() => new()
    {
        ["PersonalData:ActiveKeyId"] = "t1",
        ["PersonalData:EncryptionKeys:t1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["PersonalData:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public TestClock Clock => clock;

    private readonly string _logs = Path.Combine(Path.GetTempPath(), "ektp-field-logs-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:EKtp", connectionString);
        builder.UseSetting("Logging:Directory", _logs);
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.UseSetting("Database:MigrateOnStartup", "false");
        builder.UseSetting("ReloadStaticAssetsAtRuntime", "false");
        builder.UseSetting("Notifications:FileDirectory", Path.Combine(_logs, "outbox"));
        foreach (var job in new[] { "Outbox", "Reminders", "NoShows", "SlotGeneration", "Retention", "Rollups" })
            builder.UseSetting($"Jobs:{job}:Enabled", "false");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_logs, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
