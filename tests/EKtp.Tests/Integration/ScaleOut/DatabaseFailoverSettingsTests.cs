using EKtp.LinkProxy;
using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EKtp.Tests.Integration.ScaleOut;

/// <summary>The connection strings of the primary/standby pair (issue 16, item 2; decision 1603).</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class DatabaseFailoverSettingsTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static async Task MarkRefreshedAsync(EKtpDbContext db, DateTimeOffset at)
    {
        db.RollupStates.Add(new RollupState { Name = RollupJob.RefreshMark, TimeMark = at, UpdatedAt = at });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_connection_string_naming_a_dead_host_first_and_the_primary_second_still_serves_the_portal()
    {
        var real = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString);
        var deadPort = new TcpProxy("127.0.0.1", 1).Port; // a free loopback port nobody listens on
        var twoHosts = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString)
        {
            Host = $"127.0.0.1:{deadPort},{real.Host}:{real.Port}",
            TargetSessionAttributes = "primary",
        }.ConnectionString;
        await using var portal = App.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:EKtp", twoHosts));
        using var client = portal.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/booking")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_reads_its_figures_and_its_data_as_of_stamp_from_the_read_only_connection()
    {
        await using var standby = await TestDatabase.CreateAsync("standby");
        await using (var standbyAsPortal = App.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:EKtp", standby.ConnectionString)))
        {
            using var scope = standbyAsPortal.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            await db.Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
            // The standby lags: its last replayed rollup run started on Sunday at 10.15 WIB.
            await MarkRefreshedAsync(db, Wib.At(new DateOnly(2027, 2, 28), new TimeOnly(10, 15)));
        }
        await App.WithDbAsync(db => MarkRefreshedAsync(db, Wib.At(new DateOnly(2027, 3, 1), new TimeOnly(7, 55))));
        var head = await App.CreateAsync(Roles.Head);
        await using var portal = App.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:" + DashboardDatabase.ConnectionName, standby.ConnectionString));
        using var client = new PageClient(portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await client.SignInAsync(head);

        var page = await client.GetAsync("/dashboard");

        var asOf = page.Document.QuerySelector("#data-as-of")!.TextContent;
        Assert.Contains("10.15", asOf);
        Assert.DoesNotContain("07.55", asOf);
    }
}
