using System.Text.Json;
using System.Threading.Channels;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Display;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Integration.ScaleOut;

/// <summary>Two portal instances on one database, as behind the load balancer (issue 16).</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class TwoInstanceTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private WebApplicationFactory<Program> SecondInstance(params (string Key, string Value)[] settings) => App.WithWebHostBuilder(b =>
    {
        b.UseSetting("Instance:Name", "web2");
        foreach (var (key, value) in settings) b.UseSetting(key, value);
    });

    private sealed record Outcome(string Instance, bool Ran, Exception? Failure);

    private static RecurringJobService<ReminderRun> Loop(IServiceProvider services, FakeTimeProvider timer, ChannelWriter<Outcome> outcomes)
    {
        var instance = services.GetRequiredService<IOptions<InstanceOptions>>().Value.EffectiveName;
        var loop = new RecurringJobService<ReminderRun>(services.GetRequiredService<IServiceScopeFactory>(), timer,
            new FixedJobOptions(ReminderRun.DefaultInterval), NullLogger<RecurringJobService<ReminderRun>>.Instance);
        loop.Ran += e => outcomes.TryWrite(new Outcome(instance, true, e));
        loop.Skipped += () => outcomes.TryWrite(new Outcome(instance, false, null));
        return loop;
    }

    private static async Task<List<Outcome>> NextTwoAsync(ChannelReader<Outcome> outcomes) =>
        [await outcomes.ReadAsync().AsTask().WaitAsync(Patience), await outcomes.ReadAsync().AsTask().WaitAsync(Patience)];

    [Fact]
    public async Task Two_instances_run_the_reminder_job_once_per_interval_and_queue_one_message_per_appointment()
    {
        App.Clock.SetUtcNow(Wib.At(Monday, new(16, 30)));
        var tomorrow = Monday.AddDays(1);
        var booked = new[] { await App.BookAsync("dpks", tomorrow, new(8, 0)), await App.BookAsync("dpks", tomorrow, new(8, 30)) };
        await using var second = SecondInstance();
        var timer = new FakeTimeProvider(App.Clock.GetUtcNow());
        var outcomes = Channel.CreateUnbounded<Outcome>();
        var loops = new[] { Loop(App.Services, timer, outcomes.Writer), Loop(second.Services, timer, outcomes.Writer) };

        await Task.WhenAll(loops.Select(l => l.StartAsync(CancellationToken.None)));
        var first = await NextTwoAsync(outcomes.Reader);
        timer.Advance(ReminderRun.DefaultInterval);
        var next = await NextTwoAsync(outcomes.Reader);
        await Task.WhenAll(loops.Select(l => l.StopAsync(CancellationToken.None)));

        foreach (var tick in new[] { first, next })
        {
            Assert.All(tick, o => Assert.Null(o.Failure));
            Assert.Single(tick, o => o.Ran);
            Assert.Single(tick, o => !o.Ran);
        }
        var keys = await App.WithDbAsync(db => db.Outbox.Where(m => m.Kind == NotificationKinds.Reminder).Select(m => m.DedupKey).ToListAsync());
        Assert.Equal(booked.Select(a => ReminderJob.DedupKey(a.Id, tomorrow)).Order(), keys.Order());
        var lease = await App.WithDbAsync(db => db.Set<JobLease>().SingleAsync(l => l.Name == ReminderRun.Name));
        Assert.Equal(next.Single(o => o.Ran).Instance, lease.Holder);
    }

    [Fact]
    public async Task A_board_connected_to_one_instance_receives_what_the_other_instance_publishes_through_redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = SecondInstance(("Instance:Name", "web1"), ("ConnectionStrings:Redis", redis.Configuration));
        await using var second = SecondInstance(("ConnectionStrings:Redis", redis.Configuration));
        using var _ = first.CreateClient();
        var boards = Channel.CreateUnbounded<JsonElement>();
        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(first.Server.BaseAddress, QueueHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => first.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        screen.On<JsonElement>("board", b => boards.Writer.TryWrite(b));
        await screen.StartAsync();
        var current = await screen.InvokeAsync<JsonElement>("Watch", "kec-rao");
        Assert.Equal("kec-rao", current.GetProperty("pointCode").GetString());

        using (var scope = second.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<QueueBoard>().PublishAsync("kec-rao");

        var received = await boards.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal("kec-rao", received.GetProperty("pointCode").GetString());
    }
}
