using System.Net;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EKtp.Tests.Integration.Dashboard;

/// <summary>A rollup run that is stuck, or under way elsewhere, must not leave "Perbarui data" waiting for it.</summary>
[Collection(StaffDatabaseCollection.Name)]
public class RollupLockTests(EKtpAppFactory app) : IntegrationTest(app)
{
    /// <summary>Longer than any honest answer here, far shorter than "forever".</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private async Task<NpgsqlConnection> OtherSessionAsync(string sql)
    {
        // Unpooled: closing it really ends the session, and with it the lock it holds.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(App.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    [Fact]
    public async Task Refreshing_while_another_run_holds_the_lock_tells_the_head_to_try_again_at_once()
    {
        await using var otherRun = await OtherSessionAsync($"SELECT pg_advisory_lock({RollupJob.LockKey})");
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));
        var dashboard = await client.GetAsync(DashboardController.IndexPath);

        var response = await client.SubmitAsync(dashboard, $"form[action='{DashboardController.RefreshPath}']").WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.FollowAsync(response);
        Assert.Contains(DashboardController.RefreshBusy, page.Text);
        Assert.Null(await App.WithDbAsync(db => RollupJob.DataAsOfAsync(db)));
    }

    [Fact]
    public async Task A_stuck_statement_is_cancelled_after_the_command_timeout_and_the_next_run_goes_ahead()
    {
        Task<RollupRunResult> RefreshWithOneSecondTimeoutAsync() => App.InScopeAsync(sp =>
            new RollupJob(sp.GetRequiredService<EKtpDbContext>(), App.Clock, Options.Create(new DashboardOptions { CommandTimeoutSeconds = 1 }),
                NullLogger<RollupJob>.Instance).RefreshAsync().WaitAsync(Patience));
        await using (await OtherSessionAsync("BEGIN; LOCK TABLE rollup_coverage IN ACCESS EXCLUSIVE MODE"))
        {
            // EF's execution strategy wraps it; underneath is Npgsql's command timeout.
            var stuck = await Assert.ThrowsAnyAsync<Exception>(RefreshWithOneSecondTimeoutAsync);
            Assert.IsType<TimeoutException>(stuck.GetBaseException());
        }

        var next = await RefreshWithOneSecondTimeoutAsync();

        Assert.False(next.Busy);
        Assert.NotNull(await App.WithDbAsync(db => RollupJob.DataAsOfAsync(db)));
    }
}
