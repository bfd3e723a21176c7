namespace EKtp.Tests.Support;

/// <summary>
/// The tests' clock: it moves only when a test moves it, forwards or back. FakeTimeProvider refuses to go back in
/// time, so resetting it to <see cref="EKtpAppFactory.DefaultNow"/> after a test that advanced it would throw and
/// fail every later test in the collection. Timers are the system's (nothing in the app waits on a fake timer).
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate) _now = value.ToUniversalTime();
    }

    public void Advance(TimeSpan delta)
    {
        lock (_gate) _now += delta;
    }
}
