using System.Globalization;
using EKtp.Web.Domain;

namespace EKtp.Tests.Unit;

public class WibTextTests
{
    // 00:30 UTC is 07:30 WIB on Monday 1 March 2027.
    private static readonly DateTimeOffset HalfPastSevenWib = new(2027, 3, 1, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_clock_is_written_in_Indonesian_style_in_WIB_whatever_the_readers_language()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
            Assert.Equal("07.30", WibText.Clock(HalfPastSevenWib));
            Assert.Equal("07.30", WibText.Clock(new TimeOnly(7, 30)));
            Assert.Equal("07.30–08.00", WibText.Span(HalfPastSevenWib, HalfPastSevenWib.AddMinutes(30)));
            Assert.Equal("Monday, 1 March 2027, 07.30", WibText.DayAndClock(HalfPastSevenWib));
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("id-ID");
            Assert.Equal("Senin, 1 Maret 2027", WibText.Day(HalfPastSevenWib));
            Assert.Equal("01-03-2027 07.30", WibText.Stamp(HalfPastSevenWib));
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void A_message_names_the_day_in_Indonesian_on_any_phone()
    {
        Assert.Equal("Sen 01/03 07.30", WibText.InMessage(HalfPastSevenWib));
        Assert.Equal("Jum 05/03/2027", WibText.InMessage(new DateOnly(2027, 3, 5)));
    }

    [Theory]
    [InlineData("2027-03-01")]
    [InlineData("01-03-2027")]
    [InlineData("1-3-2027")]
    [InlineData("01/03/2027")]
    [InlineData(" 01.03.2027 ")]
    public void A_date_is_read_as_forms_the_API_and_residents_write_it(string typed)
    {
        Assert.True(WibInput.TryDate(typed, out var date));
        Assert.Equal(new DateOnly(2027, 3, 1), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("2027-02-30")]
    [InlineData("03/31/2027")]
    public void A_date_that_is_not_one_is_refused(string? typed) => Assert.False(WibInput.TryDate(typed, out _));

    [Fact]
    public void Times_and_local_moments_from_form_fields_are_WIB_and_round_trip()
    {
        Assert.True(WibInput.TryTime("07:30", out var time));
        Assert.Equal(new TimeOnly(7, 30), time);
        Assert.Equal("07:30", WibInput.Field(time));
        Assert.True(WibInput.TryLocal("2027-03-01T07:30", out var instant));
        Assert.Equal(HalfPastSevenWib, instant);
        Assert.Equal("2027-03-01T07:30", WibInput.Field(instant));
        Assert.False(WibInput.TryLocal("2027-03-01 07:30", out _));
    }
}
