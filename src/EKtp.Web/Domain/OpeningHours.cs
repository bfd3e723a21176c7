using System.Globalization;

namespace EKtp.Web.Domain;

/// <summary>A point's weekly hours in one short line for residents: <c>Sen–Kam 07.30–16.00; Jum 07.30–16.30</c>.</summary>
public static class OpeningHours
{
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>Each open weekday from its first session's start to its last one's end (a midday break is not shown);
    /// consecutive days with the same hours run together. Empty when there is no session at all.</summary>
    public static string Describe(IEnumerable<ScheduleSession> sessions, CultureInfo culture)
    {
        var byDay = sessions.GroupBy(s => s.DayOfWeek)
            .ToDictionary(g => g.Key, g => WibText.Span(g.Min(s => s.Start), g.Max(s => s.End)));
        var runs = new List<(DayOfWeek First, DayOfWeek Last, string Hours)>();
        foreach (var day in Week)
        {
            if (!byDay.TryGetValue(day, out var hours)) continue;
            if (runs.Count > 0 && runs[^1].Hours == hours && Week[Array.IndexOf(Week, runs[^1].Last) + 1] == day)
                runs[^1] = (runs[^1].First, day, hours);
            else
                runs.Add((day, day, hours));
        }
        string Name(DayOfWeek d) => culture.DateTimeFormat.GetAbbreviatedDayName(d);
        return string.Join("; ", runs.Select(r => (r.First == r.Last ? Name(r.First) : $"{Name(r.First)}–{Name(r.Last)}") + " " + r.Hours));
    }
}
