using EKtp.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Which instance runs a background job's next tick (decision 1601): one row per job, <c>next_run_at</c> the moment
/// from which another run may start. The instance whose tick comes first takes the row and runs the job; the others
/// find the row taken and skip their tick. A crashed holder costs at most one interval: its row falls due and the
/// next instance to tick takes it.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }
    public DateTimeOffset NextRunAt { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
}

public sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.ToTable("job_leases");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(64);
        b.Property(l => l.Holder).HasMaxLength(200);
    }
}

/// <summary>
/// This process among the portal's instances: <c>Instance:Name</c> (web1, web2…), or the machine name and process id.
/// It holds job leases and labels the metrics (<c>service.instance.id</c>).
/// </summary>
public sealed class InstanceOptions
{
    public const string Section = "Instance";

    public string Name { get; set; } = "";

    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? $"{Environment.MachineName}:{Environment.ProcessId}" : Name;
}

public sealed class JobLeases(IServiceScopeFactory scopes, IOptions<InstanceOptions> instance)
{
    /// <summary>
    /// Takes the job's lease until one interval from <paramref name="now"/> (less a little slack, so the holder's own
    /// next tick always finds it due), if it is due. One autocommitted statement: two instances ticking at the same
    /// moment queue on the row, and the second finds it taken. True when this instance is to run the job.
    /// </summary>
    public async Task<bool> TryClaimAsync(string job, DateTimeOffset now, TimeSpan interval, CancellationToken ct)
    {
        var slack = TimeSpan.FromTicks(Math.Min(interval.Ticks / 10, TimeSpan.FromSeconds(5).Ticks));
        var next = now + interval - slack;
        var holder = instance.Value.EffectiveName;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var taken = await db.Database.SqlQuery<string>($"""
            INSERT INTO job_leases (name, next_run_at, holder, claimed_at) VALUES ({job}, {next}, {holder}, {now})
            ON CONFLICT (name) DO UPDATE SET next_run_at = EXCLUDED.next_run_at, holder = EXCLUDED.holder, claimed_at = EXCLUDED.claimed_at
            WHERE job_leases.next_run_at <= {now}
            RETURNING name AS "Value"
            """).ToListAsync(ct);
        return taken.Count == 1;
    }
}
