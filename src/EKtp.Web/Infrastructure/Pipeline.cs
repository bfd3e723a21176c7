using EKtp.Web.Data;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Features.FieldNodes;
using EKtp.Web.Features.Privacy;
using EKtp.Web.Features.Scheduling;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Serilog;

namespace EKtp.Web.Infrastructure;

public static class Pipeline
{
    public static WebApplication UseEKtp(this WebApplication app)
    {
        // First: everything after it (logs, rate limits, audit) sees the resident's address, not the proxy's.
        app.UseForwardedHeaders();
        // Only on the internal metrics listener (Metrics:Url), before anything public can answer.
        app.UseEKtpMetrics();
        app.UseEKtpTransport();
        app.UseResponseCompression();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        // The app's own logger (not the static one): several hosts in one process (tests) keep their logs apart.
        app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetService<Serilog.ILogger>());
        app.UseRequestLocalization();
        app.UseInputGuard();
        app.UseNodeScope();
        app.UseRouting();
        app.UseRateLimiter();
        // After the rate limits (a refused request takes no turn), before sign-in (which may read the database).
        app.UseRequestCapacity();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        // Build-time Brotli/gzip copies, fingerprinted URLs cached for a year (decision 1401); public like the files were.
        app.MapStaticAssets().AllowAnonymous();
        app.MapControllers().WithStaticAssets();
        app.MapHub<EKtp.Web.Features.Display.QueueHub>(EKtp.Web.Features.Display.QueueHub.Path).AllowAnonymous();
        // Unknown addresses are a 404 page for everyone, not a sign-in redirect from the deny-by-default policy; also
        // those that look like a file name ("/status/1308.05..."), which MapFallback's default pattern leaves out.
        app.MapFallback("{*path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Runs the portal, or a one-off command: <c>migrate</c> applies migrations, seeds reference data and
    /// generates slots, then exits; <c>rebuild-rollups</c> recomputes the
    /// dashboard's rollups; <c>rekey</c> re-encrypts personal data under the active key; <c>retention</c> erases
    /// the personal data past the retention period (appointments, walk-in phones, visit requests, school-drive lists).
    /// </summary>
    public static async Task<int> RunEKtpAsync(this WebApplication app, string[] args)
    {
        var command = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='));
        if (command == "migrate")
        {
            await app.MigrateAndSeedAsync();
            return 0;
        }
        if (command == "rebuild-rollups")
        {
            using var scope = app.Services.CreateOneOffScope();
            var result = await scope.ServiceProvider.GetRequiredService<RollupJob>().RebuildAsync();
            if (result.Busy)
            {
                Console.Error.WriteLine("Another rollup run is under way; try again when it has finished.");
                return 1;
            }
            Console.WriteLine($"Rollups rebuilt: {result.RecordingDays} recording rows, {result.CardDays} card rows, {result.BookingDays} booking rows.");
            return 0;
        }
        if (command == "rekey")
        {
            // Key rotation: re-encrypt every NIK/KK ciphertext not sealed with PersonalData:ActiveKeyId (docs/operations.md).
            using var scope = app.Services.CreateOneOffScope();
            var result = await scope.ServiceProvider.GetRequiredService<PersonalDataRekey>().RunAsync();
            Console.WriteLine($"Re-encrypted {result.Total} rows ({result.Appointments} appointments, {result.Recordings} recordings, {result.Cards} cards).");
            return 0;
        }
        if (command == "retention")
        {
            using var scope = app.Services.CreateOneOffScope();
            var erased = await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().EraseExpiredAsync();
            Console.WriteLine($"Personal data of {erased} finished appointments erased (the log line counts the other kinds).");
            return 0;
        }
        if (command is not null)
        {
            Console.Error.WriteLine($"Unknown command '{command}'. Commands: migrate, rebuild-rollups, rekey, retention (synthetic data: ./ektp seed, in tools/EKtp.Bench).");
            return 2;
        }
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
            await app.MigrateAndSeedAsync();
        await app.RunAsync();
        return 0;
    }

    public static async Task MigrateAndSeedAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateOneOffScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        await db.Database.MigrateAsync();
        var seeder = scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>();
        // A field node takes service points, schedules, slots, roles and accounts from the hub: seeded here, they
        // would collide with the hub's copy. It seeds regions only.
        if (scope.ServiceProvider.GetRequiredService<IOptions<SiteOptions>>().Value.IsNode)
        {
            await seeder.SeedRegionsAsync();
            Log.Information("Field node database migrated; regions seeded");
            return;
        }
        await seeder.SeedAsync();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.SeedDemoAccounts
            && app.Environment.IsDevelopment())
            await seeder.SeedDemoAccountsAsync();
        await scope.ServiceProvider.GetRequiredService<SlotGenerator>().GenerateAsync();
        Log.Information("Database migrated and seeded");
    }

    /// <summary>
    /// A scope for a one-off command: its database commands may run for minutes (a migration, a rebuild), not the
    /// few seconds a page is allowed (<see cref="DatabaseOptions.CommandTimeoutSeconds"/>).
    /// </summary>
    private static IServiceScope CreateOneOffScope(this IServiceProvider services)
    {
        var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<EKtpDbContext>().Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        return scope;
    }
}
