using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;

namespace EKtp.Tests.Unit;

public class OpeningHoursTests
{
    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    [Fact]
    public void The_office_week_reads_as_two_runs_with_the_midday_break_left_out()
    {
        Assert.Equal("Sen–Kam 07.30–16.00; Jum 07.30–16.30", OpeningHours.Describe(ReferenceDataSeeder.DefaultWeek(3), Indonesian));
    }

    [Fact]
    public void Days_with_the_same_hours_run_together_only_when_consecutive_and_no_session_says_nothing()
    {
        ScheduleSession On(DayOfWeek d) => new() { DayOfWeek = d, Start = new(8, 0), End = new(12, 0) };
        Assert.Equal("Mon 08.00–12.00; Wed–Thu 08.00–12.00",
            OpeningHours.Describe([On(DayOfWeek.Monday), On(DayOfWeek.Wednesday), On(DayOfWeek.Thursday)], CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal("", OpeningHours.Describe([], Indonesian));
    }
}
