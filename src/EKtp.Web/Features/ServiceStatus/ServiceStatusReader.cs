using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.ServiceStatus;

public enum PointState { Open, Disrupted, Closed }

public enum ClosedReason { None, Inactive, Holiday, Closure, NoServiceToday, OutsideHours }

public sealed record PointStatus(
    ServicePoint Point,
    PointState State,
    ClosedReason ClosedReason,
    string? HolidayName,
    Disruption? Disruption,
    IReadOnlyList<MobileStop> StopsToday,
    IReadOnlyList<MobileStop> StopsTomorrow,
    TimeOnly? OpensAt,
    TimeOnly? ClosesAt)
{
    /// <summary>Cards can be printed here now: a printing point with no disruption at all (any kind stops printing).</summary>
    public bool CanPrintNow => Point.CanPrint && State == PointState.Open;

    /// <summary>A disruption declared to start later today, so residents can plan around it.</summary>
    public Disruption? Upcoming { get; init; }

    /// <summary>Open, and its field node has no link to the district now: it serves, and sends its data later.</summary>
    public bool WorkingOffline { get; init; }
}

/// <summary>
/// Today's state of every service point, from schedules, holidays, closures, mobile stops and disruptions:
/// six small indexed queries, whatever the number of residents.
/// </summary>
public sealed class ServiceStatusReader(EKtpDbContext db, TimeProvider clock, LastKnownServiceStatus lastKnown,
    IFieldNodeStatus fieldNodes, IOptions<FieldNodeOptions> fieldNodeOptions)
{
    /// <summary>
    /// Today's state, or, while the database cannot be reached, the last state read (with its time): the page residents
    /// open when something is wrong must still say something. Throws when there is nothing remembered yet.
    /// </summary>
    public async Task<ServiceStatusSnapshot> ReadOrLastKnownAsync(CancellationToken ct = default)
    {
        try
        {
            var points = await ReadAsync(ct);
            return lastKnown.Remember(new ServiceStatusSnapshot(points, clock.GetUtcNow(), Stale: false));
        }
        catch (Exception e) when (DatabaseOutage.Is(e) && lastKnown.Latest is { } remembered)
        {
            return remembered with { Stale = true };
        }
    }

    public async Task<IReadOnlyList<PointStatus>> ReadAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var tomorrow = today.AddDays(1);
        var time = TimeOnly.FromDateTime(clock.Now().DateTime);

        var points = await db.ServicePoints.AsNoTracking().Include(p => p.Sessions)
            .OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        var holiday = await db.Holidays.AsNoTracking().Where(h => h.Date == today).Select(h => h.Name).FirstOrDefaultAsync(ct);
        var closedIds = (await db.Closures.AsNoTracking().Where(c => c.From <= today && c.To >= today)
            .Select(c => c.ServicePointId).ToListAsync(ct)).ToHashSet();
        var endOfToday = Wib.At(tomorrow, TimeOnly.MinValue);
        var declared = await db.Disruptions.AsNoTracking().Where(Disruption.IsOutage)
            .Where(d => d.StartsAt < endOfToday && (d.EndedAt == null || d.EndedAt > now))
            .OrderByDescending(d => d.StartsAt).ToListAsync(ct);
        var disruptions = declared.Where(d => d.StartsAt <= now).ToList();
        var stops = await db.MobileStops.AsNoTracking().Include(s => s.Village)
            .Where(s => s.Status == MobileStopStatus.Planned && (s.Date == today || s.Date == tomorrow))
            .OrderBy(s => s.Date).ThenBy(s => s.Start).ToListAsync(ct);
        var linkedSince = now.AddSeconds(-fieldNodeOptions.Value.ConnectedWithinSeconds);
        var offline = (await fieldNodes.ReadHubAsync(ct)).Where(n => !(n.LastContactAt >= linkedSince)).Select(n => n.PointCode).ToHashSet();

        return points.Select(p =>
        {
            var mine = stops.Where(s => s.ServicePointId == p.Id).ToList();
            var stopsToday = mine.Where(s => s.Date == today).ToList();
            var stopsTomorrow = mine.Where(s => s.Date == tomorrow).ToList();
            var sessions = p.Sessions.Where(s => s.DayOfWeek == today.DayOfWeek).ToList();
            TimeOnly? opens = p.Kind == ServicePointKind.MobileUnit
                ? stopsToday.Select(s => (TimeOnly?)s.Start).Min()
                : sessions.Select(s => (TimeOnly?)s.Start).Min();
            TimeOnly? closes = p.Kind == ServicePointKind.MobileUnit
                ? stopsToday.Select(s => (TimeOnly?)s.End).Max()
                : sessions.Select(s => (TimeOnly?)s.End).Max();
            var disruption = disruptions.FirstOrDefault(d => d.ServicePointId == p.Id);

            var reason = !p.IsActive ? ClosedReason.Inactive
                : holiday is not null ? ClosedReason.Holiday
                : closedIds.Contains(p.Id) ? ClosedReason.Closure
                : opens is null ? ClosedReason.NoServiceToday
                : time < opens || time >= closes ? ClosedReason.OutsideHours
                : ClosedReason.None;
            var state = reason != ClosedReason.None ? PointState.Closed
                : disruption is not null ? PointState.Disrupted
                : PointState.Open;
            return new PointStatus(p, state, reason, holiday, disruption, stopsToday, stopsTomorrow, opens, closes)
            {
                Upcoming = declared.Where(d => d.ServicePointId == p.Id && d.StartsAt > now).MinBy(d => d.StartsAt),
                WorkingOffline = state == PointState.Open && offline.Contains(p.Code),
            };
        }).ToList();
    }
}

/// <summary>The service status as read at <see cref="At"/>; <see cref="Stale"/> when the database could not be reached since.</summary>
public sealed record ServiceStatusSnapshot(IReadOnlyList<PointStatus> Points, DateTimeOffset At, bool Stale);

/// <summary>The last service status read from the database, kept in memory for an outage (one per portal instance).</summary>
public sealed class LastKnownServiceStatus
{
    private volatile ServiceStatusSnapshot? _latest;

    public ServiceStatusSnapshot? Latest => _latest;

    public ServiceStatusSnapshot Remember(ServiceStatusSnapshot snapshot) => _latest = snapshot;
}
