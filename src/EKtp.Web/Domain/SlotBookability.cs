namespace EKtp.Web.Domain;

/// <summary>Why a resident cannot book a slot now; <see cref="None"/> when they can.</summary>
/// <remarks><see cref="Today"/>: booking closes the day before (same-day residents are served as walk-ins at the
/// counter); <see cref="BeyondWindow"/>: the slot is further ahead than the booking window.</remarks>
public enum SlotRefusal { None, Closed, Past, Today, BeyondWindow, Full }

/// <summary>
/// The one rule for whether a slot can be booked (decision 1316): the booking command, a reschedule and the slots API
/// all ask it, so the API never offers a slot the command would refuse.
/// </summary>
public readonly record struct BookingWindow(DateOnly Today, DateTimeOffset Now, int WindowDays)
{
    public SlotRefusal Refusal(Slot slot) => Refusal(slot.IsClosed, slot.Date, slot.StartsAt, slot.Booked, slot.Capacity);

    public SlotRefusal Refusal(bool isClosed, DateOnly date, DateTimeOffset startsAt, int booked, int capacity) =>
        isClosed ? SlotRefusal.Closed
        : date < Today || startsAt <= Now ? SlotRefusal.Past
        : date == Today ? SlotRefusal.Today
        : date > Today.AddDays(WindowDays) ? SlotRefusal.BeyondWindow
        : booked >= capacity ? SlotRefusal.Full
        : SlotRefusal.None;
}

public static class BookingWindows
{
    public static BookingWindow BookingWindow(this TimeProvider clock, int windowDays) => new(clock.Today(), clock.GetUtcNow(), windowDays);
}
