using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Queue;

/// <summary>
/// Marks booked residents who never checked in as no-shows once their slot has ended plus the grace period. One
/// conditional UPDATE: a resident checking in at the same moment either wins (and is not marked) or finds the
/// appointment already marked. Tickets of earlier days that were never served (checked in, then gone) are closed as
/// no-shows too, so their appointments stop counting as active and the resident can book again.
/// </summary>
public sealed class NoShowSweep(EKtpDbContext db, TimeProvider clock, IOptions<QueueOptions> options)
{
    /// <summary>How many appointments were marked as no-shows.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().AddMinutes(-options.Value.NoShowGraceMinutes);
        var today = clock.Today();
        var marked = await db.MarkNoShowsAsync(cutoff, today, ct);
        await db.QueueTickets
            .Where(t => t.ServiceDate < today && (t.Status == TicketStatus.Waiting || t.Status == TicketStatus.Called || t.Status == TicketStatus.Skipped))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TicketStatus.NoShow), ct);
        return marked;
    }
}

/// <summary>Runs the sweep every minute (<c>Jobs:NoShows</c>).</summary>
public sealed class NoShowJob(NoShowSweep sweep, ILogger<NoShowJob> logger) : IRecurringJob
{
    public static string Name => "NoShows";

    public static TimeSpan DefaultInterval => TimeSpan.FromMinutes(1);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var marked = await sweep.RunAsync(ct);
        if (marked > 0) logger.LogInformation("{Count} appointments marked as no-show", marked);
    }
}
