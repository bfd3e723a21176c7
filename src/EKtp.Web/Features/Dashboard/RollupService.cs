using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Dashboard;

/// <summary>
/// Brings the rollups up to date every minute (<c>Jobs:Rollups</c>), and rebuilds them whole once a night (the first
/// run after <see cref="DashboardOptions.NightlyRebuildHour"/> WIB on a day without a rebuild yet) to catch changes
/// the bookmarks cannot see. The last rebuild is read from <c>rollup_state</c>, so a restart or a second instance
/// does not rebuild again; a run that finds another one holding the lock does nothing.
/// </summary>
public sealed class RollupRefreshJob(RollupJob job, EKtpDbContext db, TimeProvider clock, IOptions<DashboardOptions> options) : IRecurringJob
{
    public static string Name => "Rollups";

    public static TimeSpan DefaultInterval => TimeSpan.FromMinutes(1);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var lastRebuild = await db.RollupStates.AsNoTracking().Where(s => s.Name == RollupJob.RebuildMark)
            .Select(s => s.TimeMark).SingleOrDefaultAsync(ct);
        var now = clock.Now();
        var rebuildDue = now.Hour >= options.Value.NightlyRebuildHour
                         && (lastRebuild is null || lastRebuild.Value.ToWib().Date < now.Date);
        if (rebuildDue) await job.RebuildAsync(ct);
        else await job.RefreshAsync(ct);
    }
}
