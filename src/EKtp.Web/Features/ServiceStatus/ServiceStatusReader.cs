using System.Linq.Expressions;
using EKtp.Web.Data;
using EKtp.Web.Domain;
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

    /// <summary>Why the point is closed today when an Admin closed it (the closure's reason, shown to residents).</summary>
    public string? ClosureReason { get; init; }

    /// <summary>Tomorrow as known now: closed (holiday, closure, no session) or a disruption declared for it.</summary>
    public PointDay? Tomorrow { get; init; }

    /// <summary>Open, and its field node has no link to the district now: it serves, and sends its data later.</summary>
    public bool WorkingOffline { get; init; }

    /// <summary>A printing point's blank stock from the ledger (issue 15); null where no cards are printed.</summary>
    public BlankStockFigure? BlankStock { get; init; }
}

/// <summary>
/// One point on a coming day (issue 14, item 5): people from far nagari leave at dawn, so what is planned for tomorrow
/// is public today. <see cref="Planned"/>: the first declared disruption that overlaps the day.
/// </summary>
public sealed record PointDay(DateOnly Date, ClosedReason ClosedReason, string? HolidayName, string? ClosureReason, Disruption? Planned,
    TimeOnly? OpensAt, TimeOnly? ClosesAt)
{
    public bool Closed => ClosedReason != ClosedReason.None;

    /// <summary>Nothing a resident must know: open at the usual hours, nothing declared.</summary>
    public bool Usual => !Closed && Planned is null;
}

/// <summary>
/// Today's state of every service point, and what is known of tomorrow, from schedules, holidays, closures, mobile
/// stops and disruptions: five small indexed queries, whatever the number of residents, and the printing points' blank
/// stock (<see cref="PublicBlankStock"/>: one index-only probe; the ledger is summed again only after it changed).
/// </summary>
public sealed class ServiceStatusReader(EKtpDbContext db, TimeProvider clock, LastKnownServiceStatus lastKnown,
    IOptions<FieldNodeOptions> fieldNodeOptions, PublicBlankStock blankStock)
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

    /// <summary>Every point's state, or the state of the point coded <paramref name="onlyPoint"/> (the queue page and the board).</summary>
    public async Task<IReadOnlyList<PointStatus>> ReadAsync(CancellationToken ct = default, string? onlyPoint = null)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var tomorrow = today.AddDays(1);
        var time = TimeOnly.FromDateTime(clock.Now().DateTime);

        var points = await db.ServicePoints.AsNoTracking().Include(p => p.Sessions).Where(p => onlyPoint == null || p.Code == onlyPoint)
            .OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        if (onlyPoint is not null && points.Count == 0) return [];
        // The queue page and the board ask for one point: every query below then reads that point's rows only (decision 1225).
        Guid? only = onlyPoint is null ? null : points[0].Id;
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.Date == today || h.Date == tomorrow)
            .Select(h => new { h.Date, h.Name }).ToListAsync(ct);
        var closures = await AtPoint(db.Closures.AsNoTracking(), only, c => c.ServicePointId == only).Where(c => c.From <= tomorrow && c.To >= today)
            .Select(c => new { c.ServicePointId, c.From, c.To, c.Reason }).ToListAsync(ct);
        var endOfToday = Wib.At(tomorrow, TimeOnly.MinValue);
        var endOfTomorrow = Wib.At(tomorrow.AddDays(1), TimeOnly.MinValue);
        var declared = await AtPoint(db.Disruptions.AsNoTracking(), only, d => d.ServicePointId == only).Where(Disruption.IsOutage)
            .Where(d => d.StartsAt < endOfTomorrow && (d.EndedAt == null || d.EndedAt > now))
            .OrderByDescending(d => d.StartsAt).ToListAsync(ct);
        var disruptions = declared.Where(d => d.StartsAt <= now).ToList();
        var stops = await AtPoint(db.MobileStops.AsNoTracking(), only, s => s.ServicePointId == only).Include(s => s.Village)
            .Where(s => s.Status == MobileStopStatus.Planned && (s.Date == today || s.Date == tomorrow))
            .OrderBy(s => s.Date).ThenBy(s => s.Start).ToListAsync(ct);
        var extra = await AtPoint(db.ExtraSessions.AsNoTracking(), only, s => s.ServicePointId == only).Where(s => s.Date == today || s.Date == tomorrow)
            .Select(s => new ExtraHours(s.ServicePointId, s.Date, s.Start, s.End)).ToListAsync(ct);
        var linkedSince = now.AddSeconds(-fieldNodeOptions.Value.ConnectedWithinSeconds);
        // One small query on a public page: only the points whose field node has not been heard from lately (not the
        // admin page's whole status, which also reads review items and replication slots).
        var offline = (await AtPoint(db.FieldNodes.AsNoTracking(), only, n => n.PointCode == onlyPoint).Where(n => n.LastContactAt < linkedSince)
            .Select(n => n.PointCode).ToListAsync(ct)).ToHashSet();
        var stock = points.Any(p => p.CanPrint) ? await blankStock.ReadAsync(db, ct) : new Dictionary<Guid, BlankStockFigure>();

        string? HolidayOn(DateOnly date) => holidays.FirstOrDefault(h => h.Date == date)?.Name;
        string? ClosureOn(Guid pointId, DateOnly date) =>
            closures.FirstOrDefault(c => c.ServicePointId == pointId && c.From <= date && c.To >= date)?.Reason;

        return points.Select(p =>
        {
            var mine = stops.Where(s => s.ServicePointId == p.Id).ToList();
            var stopsToday = mine.Where(s => s.Date == today).ToList();
            var stopsTomorrow = mine.Where(s => s.Date == tomorrow).ToList();
            var (opens, closes) = Hours(p, today, stopsToday, extra);
            var disruption = disruptions.FirstOrDefault(d => d.ServicePointId == p.Id);
            var closure = ClosureOn(p.Id, today);

            var reason = ClosedOn(p, HolidayOn(today), closure, opens);
            if (reason == ClosedReason.None && (time < opens || time >= closes)) reason = ClosedReason.OutsideHours;
            var state = reason != ClosedReason.None ? PointState.Closed
                : disruption is not null ? PointState.Disrupted
                : PointState.Open;

            var (opensTomorrow, closesTomorrow) = Hours(p, tomorrow, stopsTomorrow, extra);
            var closureTomorrow = ClosureOn(p.Id, tomorrow);
            var dayStart = Wib.At(tomorrow, opensTomorrow ?? TimeOnly.MinValue);
            // Declared for tomorrow, or running now and expected to last into tomorrow's hours (or with no end given).
            var plannedTomorrow = declared
                .Where(d => d.ServicePointId == p.Id && (d.ExpectedEndAt == null || d.ExpectedEndAt > dayStart))
                .MinBy(d => d.StartsAt);
            return new PointStatus(p, state, reason, HolidayOn(today), disruption, stopsToday, stopsTomorrow, opens, closes)
            {
                Upcoming = declared.Where(d => d.ServicePointId == p.Id && d.StartsAt > now && d.StartsAt < endOfToday).MinBy(d => d.StartsAt),
                ClosureReason = closure,
                Tomorrow = new PointDay(tomorrow, ClosedOn(p, HolidayOn(tomorrow), closureTomorrow, opensTomorrow), HolidayOn(tomorrow),
                    closureTomorrow, plannedTomorrow, opensTomorrow, closesTomorrow),
                WorkingOffline = state == PointState.Open && offline.Contains(p.Code),
                BlankStock = p.CanPrint ? stock.GetValueOrDefault(p.Id) ?? new BlankStockFigure(0, 0) : null,
            };
        }).ToList();
    }

    /// <summary>The query narrowed to one point when one is asked for (as a plain condition, not "no point or this point").</summary>
    private static IQueryable<T> AtPoint<T>(IQueryable<T> rows, Guid? pointId, Expression<Func<T, bool>> ofPoint) =>
        pointId is null ? rows : rows.Where(ofPoint);

    private static ClosedReason ClosedOn(ServicePoint p, string? holiday, string? closure, TimeOnly? opens) =>
        !p.IsActive ? ClosedReason.Inactive
        : holiday is not null ? ClosedReason.Holiday
        : closure is not null ? ClosedReason.Closure
        : opens is null ? ClosedReason.NoServiceToday
        : ClosedReason.None;

    private sealed record ExtraHours(Guid PointId, DateOnly Date, TimeOnly Start, TimeOnly End);

    /// <summary>An office's weekly sessions of that weekday and its extra sessions of the date; a mobile unit's hours are
    /// its stops' of the day.</summary>
    private static (TimeOnly? Opens, TimeOnly? Closes) Hours(ServicePoint p, DateOnly date, IReadOnlyList<MobileStop> stopsOfDay,
        IReadOnlyList<ExtraHours> extra)
    {
        if (p.Kind == ServicePointKind.MobileUnit)
            return (stopsOfDay.Select(s => (TimeOnly?)s.Start).Min(), stopsOfDay.Select(s => (TimeOnly?)s.End).Max());
        var sessions = p.Sessions.Where(s => s.DayOfWeek == date.DayOfWeek).Select(s => (s.Start, s.End))
            .Concat(extra.Where(e => e.PointId == p.Id && e.Date == date).Select(e => (e.Start, e.End))).ToList();
        return (sessions.Select(s => (TimeOnly?)s.Start).Min(), sessions.Select(s => (TimeOnly?)s.End).Max());
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
