using System.Threading.Channels;
using EKtp.Tests.Integration.Dashboard;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Features.Privacy;
using EKtp.Web.Features.Queue;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Integration.Jobs;

/// <summary>
/// Each background job's own loop, run against PostgreSQL: it runs once at start, and again when its timer (a
/// <see cref="FakeTimeProvider"/> here) ticks; what was arranged between the two runs is what the tick did.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public class RecurringJobTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task TickAsync<TJob>(Func<Task> arrange) where TJob : class, IRecurringJob
    {
        var timer = new FakeTimeProvider();
        var job = new RecurringJobService<TJob>(App.Get<IServiceScopeFactory>(), timer, new FixedJobOptions(TJob.DefaultInterval),
            NullLogger<RecurringJobService<TJob>>.Instance);
        var runs = Channel.CreateUnbounded<Exception?>();
        job.Ran += e => runs.Writer.TryWrite(e);
        await job.StartAsync(CancellationToken.None);
        try
        {
            Assert.Null(await runs.Reader.ReadAsync().AsTask().WaitAsync(Patience));
            await arrange();
            timer.Advance(TJob.DefaultInterval);
            Assert.Null(await runs.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_outbox_job_sends_what_was_queued_before_its_tick()
    {
        var id = Guid.Empty;
        await TickAsync<OutboxJob>(() => App.WithDbAsync(async db =>
        {
            id = db.Enqueue(App.Clock, NotificationKinds.Reminder, "job:1", "+6281200000001", "EKtp: pesan uji").Id;
            await db.SaveChangesAsync();
        }));
        Assert.Equal(OutboxStatus.Sent, await App.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_reminder_job_queues_tomorrows_reminders()
    {
        App.Clock.SetUtcNow(Wib.At(Monday, new(16, 30)));
        Appointment tomorrow = null!;
        await TickAsync<ReminderRun>(async () => tomorrow = await App.BookAsync("dpks", Monday.AddDays(1), new(8, 0)));
        Assert.True(await App.WithDbAsync(db => db.Outbox.AnyAsync(m => m.DedupKey == ReminderJob.DedupKey(tomorrow.Id, Monday.AddDays(1)))));
    }

    [Fact]
    public async Task The_no_show_job_marks_a_resident_who_never_came()
    {
        Appointment missed = null!;
        await TickAsync<NoShowJob>(async () =>
        {
            missed = await App.BookAsync("dpks", Monday, new(9, 0));
            App.Clock.SetUtcNow(Wib.At(Monday, new(12, 0)));
        });
        Assert.Equal(AppointmentStatus.NoShow, await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == missed.Id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_slot_generation_job_fills_the_window_again()
    {
        await TickAsync<SlotGenerationJob>(() => App.WithDbAsync(db => db.Slots.ExecuteDeleteAsync()));
        Assert.True(await App.WithDbAsync(db => db.Slots.AnyAsync(s => s.Date == Monday.AddDays(App.Get<IOptions<BookingOptions>>().Value.WindowDays))));
    }

    [Fact]
    public async Task The_retention_job_erases_an_appointment_past_the_period()
    {
        Appointment old = null!;
        await TickAsync<RetentionJob>(async () =>
        {
            old = await App.BookAsync("dpks", Monday, new(9, 0), status: AppointmentStatus.Completed);
            App.Clock.SetUtcNow(Wib.At(Monday.AddDays(400), new(9, 0)));
        });
        Assert.NotNull(await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == old.Id).Select(a => a.PersonalDataErasedAt).SingleAsync()));
    }

    [Fact]
    public async Task The_rollup_job_counts_a_recording_made_before_its_tick()
    {
        var dpks = await App.PointIdAsync("dpks");
        await TickAsync<RollupRefreshJob>(() => App.AddAsync(DashboardFixture.Recording(dpks, "13.08.05.2001", Monday)));
        Assert.Equal(1, await App.WithDbAsync(db => db.RecordingRollups.SumAsync(r => r.Recorded)));
    }

    [Fact]
    public async Task Each_job_has_its_switch_and_interval_under_Jobs()
    {
        var options = App.Get<IOptionsMonitor<JobOptions>>();
        Assert.Equal(60, options.Get(RollupRefreshJob.Name).IntervalSeconds);
        Assert.Equal(15, options.Get(OutboxJob.Name).IntervalSeconds);
        Assert.Equal(86_400, options.Get(RetentionJob.Name).IntervalSeconds);
        // The tests' settings turn every job off.
        Assert.All([OutboxJob.Name, ReminderRun.Name, NoShowJob.Name, SlotGenerationJob.Name, RetentionJob.Name, RollupRefreshJob.Name],
            name => Assert.False(options.Get(name).Enabled));
        await using var paced = App.WithWebHostBuilder(b => b.UseSetting("Jobs:Rollups:IntervalSeconds", "30"));
        Assert.Equal(30, paced.Services.GetRequiredService<IOptionsMonitor<JobOptions>>().Get(RollupRefreshJob.Name).IntervalSeconds);
    }
}
