using EKtp.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace EKtp.Tests.Support;

/// <summary>The same switch and interval for every job: a loop under test reads nothing else from configuration.</summary>
public sealed class FixedJobOptions(TimeSpan interval, bool enabled = true) : IOptionsMonitor<JobOptions>
{
    public JobOptions CurrentValue => Get(null);

    public JobOptions Get(string? name) => new() { Enabled = enabled, IntervalSeconds = (int)interval.TotalSeconds };

    public IDisposable? OnChange(Action<JobOptions, string?> listener) => null;
}
