namespace EKtp.Web.Domain;

/// <summary>
/// Western Indonesia Time, UTC+7. Indonesia keeps no daylight saving, so a fixed offset is exact and needs no tz database.
/// Timestamps are stored in UTC; dates and times people see are WIB.
/// </summary>
public static class Wib
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTimeOffset ToWib(this DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    public static DateTimeOffset Now(this TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    /// <summary>The instant of a WIB wall-clock time, in UTC.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), Offset).ToUniversalTime();
}
