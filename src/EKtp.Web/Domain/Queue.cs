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

    public static string Label(TicketSeries series, int number) => $"{series}-{number:000}";
}
