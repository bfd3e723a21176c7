using EKtp.Web.Domain;

namespace EKtp.Tests.Unit;

public class BookingWindowTests
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private static readonly BookingWindow Window = new(Today, Wib.At(Today, new(8, 0)), WindowDays: 30);

    private static SlotRefusal On(DateOnly date, TimeOnly start, bool closed = false, int booked = 0) =>
        Window.Refusal(closed, date, Wib.At(date, start), booked, capacity: 3);

    [Fact]
    public void A_slot_from_tomorrow_to_the_last_day_of_the_window_with_room_can_be_booked()
    {
        Assert.Equal(SlotRefusal.None, On(Today.AddDays(1), new(7, 30)));
        Assert.Equal(SlotRefusal.None, On(Today.AddDays(30), new(15, 0)));
    }

    [Fact]
    public void Each_refusal_names_what_keeps_the_slot_from_being_booked()
    {
        Assert.Equal(SlotRefusal.Past, On(Today, new(7, 30)));
        Assert.Equal(SlotRefusal.Past, On(Today.AddDays(-1), new(9, 0)));
        Assert.Equal(SlotRefusal.Today, On(Today, new(9, 0)));
        Assert.Equal(SlotRefusal.BeyondWindow, On(Today.AddDays(31), new(9, 0)));
        Assert.Equal(SlotRefusal.Full, On(Today.AddDays(1), new(9, 0), booked: 3));
        Assert.Equal(SlotRefusal.Closed, On(Today.AddDays(1), new(9, 0), closed: true, booked: 3));
    }
}
