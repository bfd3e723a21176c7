namespace EKtp.Web.Domain;

/// <summary>
/// The last number issued in one series at one service point on one day. Numbers are taken by one conditional
/// upsert on this row, which also enforces the daily walk-in quota: two operators issuing the last walk-in ticket at
/// once are serialised by the row lock, and the second is refused.
/// </summary>
public class QueueCounter
{
    public Guid ServicePointId { get; set; }
    public DateOnly ServiceDate { get; set; }
    public TicketSeries Series { get; set; }
    public int LastNumber { get; set; }
}

/// <summary>The order in which "call next" picks tickets.</summary>
public static class QueueOrder
{
    /// <summary>
    /// Booked residents (series A) go first, in slot order. With <paramref name="walkInEvery"/> = N &gt; 0, a walk-in
    /// (series B) is preferred once the last N calls were all booked residents, so walk-ins are not kept waiting all
    /// day. Whichever series is preferred, the other is called when the preferred one has nobody waiting.
    /// </summary>
    public static TicketSeries PreferredSeries(IReadOnlyList<TicketSeries> recentCallsNewestFirst, int walkInEvery)
    {
        if (walkInEvery <= 0) return TicketSeries.A;
        var bookedInARow = recentCallsNewestFirst.TakeWhile(s => s == TicketSeries.A).Count();
        return bookedInARow >= walkInEvery ? TicketSeries.B : TicketSeries.A;
    }

    /// <summary>The series of the last <paramref name="walkInEvery"/> calls at a point today, newest first.</summary>
    public static IQueryable<TicketSeries> RecentCalls(this IQueryable<QueueTicket> tickets, Guid pointId, DateOnly day, int walkInEvery) =>
        tickets.Where(t => t.ServicePointId == pointId && t.ServiceDate == day && t.CalledAt != null)
            .OrderByDescending(t => t.CalledAt).Take(Math.Max(0, walkInEvery)).Select(t => t.Series);

    /// <summary>
    /// The order in which the waiting tickets will be called, if nobody else joins: "call next" repeated, each pick the
    /// first waiting ticket (by <see cref="QueueTicket.OrderAt"/>, then number) of the series <see cref="PreferredSeries"/>
    /// names, or of the other when the preferred one has nobody waiting.
    /// </summary>
    public static List<QueueTicket> Upcoming(IEnumerable<QueueTicket> waiting, IReadOnlyList<TicketSeries> recentCallsNewestFirst,
        int walkInEvery, int take)
    {
        var queues = waiting.OrderBy(t => t.OrderAt).ThenBy(t => t.Number).GroupBy(t => t.Series)
            .ToDictionary(g => g.Key, g => new Queue<QueueTicket>(g));
        var recent = recentCallsNewestFirst.ToList();
        var order = new List<QueueTicket>();
        while (order.Count < take && queues.Values.Any(q => q.Count > 0))
        {
            var preferred = PreferredSeries(recent, walkInEvery);
            var from = queues.TryGetValue(preferred, out var q) && q.Count > 0 ? q : queues.Values.First(x => x.Count > 0);
            var next = from.Dequeue();
            order.Add(next);
            recent.Insert(0, next.Series);
        }
        return order;
    }

    public static string Label(TicketSeries series, int number) => $"{series}-{number:000}";
}
