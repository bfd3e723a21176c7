namespace EKtp.Web.Domain;

public readonly record struct PlannedSlot(DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity);

/// <summary>Slot arithmetic: which slots a weekly schedule or a mobile stop yields on a date. No database needed.</summary>
public static class SlotPlanner
{
    public static IEnumerable<PlannedSlot> ForSessions(DateOnly date, IEnumerable<ScheduleSession> sessions) =>
        sessions.Where(s => s.DayOfWeek == date.DayOfWeek)
            .OrderBy(s => s.Start)
            .SelectMany(s => Cut(date, s.Start, s.End, s.SlotMinutes, s.CapacityPerSlot));

    public static IEnumerable<PlannedSlot> ForStop(MobileStop stop) =>
        Cut(stop.Date, stop.Start, stop.End, stop.SlotMinutes, stop.CapacityPerSlot);

    /// <summary>Whole slots only: a remainder shorter than one slot at the end of a session is not offered.</summary>
    public static IEnumerable<PlannedSlot> Cut(DateOnly date, TimeOnly start, TimeOnly end, int slotMinutes, int capacity)
    {
        if (slotMinutes <= 0 || capacity <= 0) yield break;
        for (var t = start; t.AddMinutes(slotMinutes) <= end && t.AddMinutes(slotMinutes) > t; t = t.AddMinutes(slotMinutes))
            yield return new PlannedSlot(date, Wib.At(date, t), Wib.At(date, t.AddMinutes(slotMinutes)), capacity);
    }
}
