using System.Globalization;

namespace EKtp.Web.Domain;

/// <summary>
/// How people see WIB dates and times, on every page and in every message: the clock in Indonesian style,
/// <c>07.30</c>, whatever the reader's language; day and month names in the reader's language.
/// </summary>
public static class WibText
{
    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    /// <summary><c>07.30</c></summary>
    public static string Clock(TimeOnly time) => time.ToString("HH'.'mm", CultureInfo.InvariantCulture);

    /// <summary><c>07.30</c>, in WIB.</summary>
    public static string Clock(DateTimeOffset instant) => Clock(TimeOnly.FromDateTime(instant.ToWib().DateTime));

    /// <summary><c>07.30–08.00</c></summary>
    public static string Span(TimeOnly start, TimeOnly end) => $"{Clock(start)}–{Clock(end)}";

    public static string Span(DateTimeOffset start, DateTimeOffset end) => $"{Clock(start)}–{Clock(end)}";

    /// <summary>A date as people write it: <c>15 Januari 1990</c> (a birth date, where the weekday would be noise).</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary><c>Senin, 1 Maret 2027</c></summary>
    public static string Day(DateOnly date) => date.ToString("dddd, d MMMM yyyy", CultureInfo.CurrentCulture);

    public static string Day(DateTimeOffset instant) => Day(DateOnly.FromDateTime(instant.ToWib().DateTime));

    /// <summary><c>Senin, 1 Maret 2027, 07.30</c></summary>
    public static string DayAndClock(DateTimeOffset instant) => $"{Day(instant)}, {Clock(instant)}";

    /// <summary><c>Sen 1 Mar, 07.30</c>: a short moment, for notices.</summary>
    public static string At(DateTimeOffset instant) =>
        $"{instant.ToWib().ToString("ddd d MMM", CultureInfo.CurrentCulture)}, {Clock(instant)}";

    /// <summary><c>01-03-2027 07.30</c>: a moment in a staff table or log view, sortable by eye.</summary>
    public static string Stamp(DateTimeOffset instant) =>
        $"{instant.ToWib().ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)} {Clock(instant)}";

    // Messages are read on any phone, in Indonesian: short day names, fixed digits.
    private static readonly string[] ShortDays = ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"];

    /// <summary><c>Sel 02/03 08.00</c>: a moment in an SMS.</summary>
    public static string InMessage(DateTimeOffset instant)
    {
        var w = instant.ToWib();
        return $"{ShortDays[(int)w.DayOfWeek]} {w.ToString("dd'/'MM", Indonesian)} {Clock(instant)}";
    }

    /// <summary><c>Sel 02/03/2027</c>: a date in an SMS.</summary>
    public static string InMessage(DateOnly date) => $"{ShortDays[(int)date.DayOfWeek]} {date.ToString("dd'/'MM'/'yyyy", Indonesian)}";
}

/// <summary>
/// The one parser of dates and times that people and programs send: HTML date, time and datetime-local fields, the API's
/// ISO dates, and a birth date typed by hand in the ways Indonesians write one. Parsed by validators, so an error stays
/// a message beside the field. Also the values such fields are filled with.
/// </summary>
public static class WibInput
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd-MM-yyyy", "d-M-yyyy", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy"];
    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "HH.mm"];
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public static bool TryDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact((value ?? "").Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact((value ?? "").Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>For a value a validator has already accepted: the date, or the default.</summary>
    public static DateOnly Date(string? value) => TryDate(value, out var d) ? d : default;

    public static TimeOnly Time(string? value) => TryTime(value, out var t) ? t : default;

    /// <summary>A datetime-local field, read as WIB wall-clock time; the instant in UTC.</summary>
    public static bool TryLocal(string? value, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParseExact((value ?? "").Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        instant = Wib.At(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        return true;
    }

    /// <summary>The value of a date field: <c>2027-03-01</c>.</summary>
    public static string Field(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The value of a time field: <c>07:30</c> (HTML requires the colon).</summary>
    public static string Field(TimeOnly time) => time.ToString("HH':'mm", CultureInfo.InvariantCulture);

    /// <summary>The value of a datetime-local field, in WIB: <c>2027-03-01T07:30</c>.</summary>
    public static string Field(DateTimeOffset instant) => instant.ToWib().ToString("yyyy-MM-dd'T'HH':'mm", CultureInfo.InvariantCulture);
}
