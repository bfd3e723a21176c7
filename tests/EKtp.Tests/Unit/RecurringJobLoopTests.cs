using System.Threading.Channels;
using EKtp.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using EKtp.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EKtp.Tests.Unit;

public class RecurringJobLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failed_run_is_logged_and_the_next_tick_runs_the_job_again()
    {
        var services = new ServiceCollection().AddSingleton<Attempts>().AddScoped<FailsFirstJob>().BuildServiceProvider();
        var log = new WarningLog();
        var timer = new FakeTimeProvider();
        var loop = new RecurringJobService<FailsFirstJob>(services.GetRequiredService<IServiceScopeFactory>(), timer,
            new FixedJobOptions(TimeSpan.FromSeconds(10)), log);
        var runs = Channel.CreateUnbounded<Exception?>();
        loop.Ran += e => runs.Writer.TryWrite(e);

        await loop.StartAsync(CancellationToken.None);
        var first = await runs.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        timer.Advance(TimeSpan.FromSeconds(9));
        Assert.False(runs.Reader.TryRead(out _), "no run before the interval has passed");
        timer.Advance(TimeSpan.FromSeconds(1));
        var second = await runs.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        await loop.StopAsync(CancellationToken.None);

        Assert.IsType<InvalidOperationException>(first);
        Assert.Null(second);
        Assert.Equal(2, services.GetRequiredService<Attempts>().Count);
        Assert.Equal("Job FailsFirst failed; it runs again in 10 s", Assert.Single(log.Warnings));
    }

    [Fact]
    public async Task A_job_switched_off_never_runs()
    {
        var services = new ServiceCollection().AddSingleton<Attempts>().AddScoped<FailsFirstJob>().BuildServiceProvider();
        var loop = new RecurringJobService<FailsFirstJob>(services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(),
            new FixedJobOptions(TimeSpan.FromSeconds(10), enabled: false), new WarningLog());

        await loop.StartAsync(CancellationToken.None);
        await loop.ExecuteTask!.WaitAsync(Patience);

        Assert.Equal(0, services.GetRequiredService<Attempts>().Count);
    }

    private sealed class Attempts
    {
        public int Count;
    }

    private sealed class FailsFirstJob(Attempts attempts) : IRecurringJob
    {
        public static string Name => "FailsFirst";

        public static TimeSpan DefaultInterval => TimeSpan.FromSeconds(10);

        public Task RunOnceAsync(CancellationToken ct) =>
            Interlocked.Increment(ref attempts.Count) == 1 ? throw new InvalidOperationException("the database is away") : Task.CompletedTask;
    }

    private sealed class WarningLog : ILogger<RecurringJobService<FailsFirstJob>>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) lock (Warnings) Warnings.Add(formatter(state, exception));
        }
    }
}
