using System.Globalization;

namespace EKtp.Web.Features.MobileUnits;

/// <summary>Dates and times as HTML date/time fields send them; parsed by validators so errors stay in Indonesian.</summary>
public static class Forms
{
    public static bool TryDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static DateOnly Date(string? value) => TryDate(value, out var d) ? d : default;

    public static TimeOnly Time(string? value) => TryTime(value, out var t) ? t : default;

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time) => time.ToString("HH':'mm", CultureInfo.InvariantCulture);
}
