using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Integration.Notifications;

public class OutboxTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static NotificationOptions Options(string? url = null, int maxAttempts = 8) => new()
    {
        Channel = "webhook", WebhookUrl = url, WebhookTimeoutSeconds = 5, MaxAttempts = maxAttempts, BaseBackoffSeconds = 30,
        LeaseSeconds = 120, BatchSize = 4,
    };

    /// <summary>A dispatcher as a fresh process would build it: no memory of earlier runs.</summary>
    private OutboxDispatcher Dispatcher(INotificationChannel channel, NotificationOptions options) =>
        new(App.Services.GetRequiredService<IServiceScopeFactory>(), App.Clock, Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<OutboxDispatcher>.Instance, channel);

    private static WebhookChannel Webhook(NotificationOptions options) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, Microsoft.Extensions.Options.Options.Create(options));

    private async Task<List<Guid>> QueueAsync(int count) => await App.WithDbAsync(async db =>
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(db.Enqueue(App.Clock, NotificationKinds.Reminder, $"test:{i}", $"+62812000000{i:00}", $"EKtp: pesan uji {i}").Id);
            App.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        await db.SaveChangesAsync();
        return ids;
    });

    private Task<List<OutboxMessage>> MessagesAsync() => App.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync());

    /// <summary>Sends through the webhook, then dies before the dispatcher can record it (the process is killed).</summary>
    private sealed class DiesAfterSending(INotificationChannel inner, Guid victim, CancellationTokenSource process) : INotificationChannel
    {
        public string Name => inner.Name;

        public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            await inner.SendAsync(message, ct);
            if (message.Id != victim) return;
            await process.CancelAsync();
            throw new OperationCanceledException(process.Token);
        }
    }

    [Fact]
    public async Task The_dispatcher_delivers_each_message_exactly_once_across_a_failing_webhook_and_a_restart()
    {
        var ids = await QueueAsync(10);
        // Every third request fails with 503.
        await using var gateway = new FlakyGateway(n => n % 3 == 0);
        var options = Options(gateway.Url);
        var webhook = Webhook(options);

        // First process: claims a batch of four, and is killed right after the gateway accepted the second message.
        using var process = new CancellationTokenSource();
        var victim = ids[1];
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Dispatcher(new DiesAfterSending(webhook, victim, process), options).DispatchOnceAsync(process.Token));
        Assert.Equal(1, gateway.Accepted(victim.ToString()));

        // Restart: a new dispatcher; it runs until nothing is left, the clock moving on for backoffs and leases.
        var restarted = Dispatcher(webhook, options);
        for (var round = 0; round < 30 && (await MessagesAsync()).Any(m => m.Status == OutboxStatus.Pending); round++)
        {
            await restarted.DispatchOnceAsync();
            App.Clock.Advance(TimeSpan.FromMinutes(3));
        }

        var messages = await MessagesAsync();
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.Equal(ids.Select(i => i.ToString()).Order(), gateway.Delivered.Keys.Order());
        Assert.Contains(gateway.Requests, r => !r.Ok);
        // Sent messages are never posted again; only the one whose process died was posted twice (same key: delivered once).
        foreach (var id in ids.Where(i => i != victim)) Assert.Equal(1, gateway.Accepted(id.ToString()));
        Assert.Equal(2, gateway.Accepted(victim.ToString()));
        Assert.Equal("+6281200000003", gateway.Delivered[ids[3].ToString()].GetProperty("to").GetString());

        // A later run, even much later, sends nothing more.
        var before = gateway.Requests.Count;
        App.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Dispatcher(webhook, options).DispatchOnceAsync()).Claimed);
        Assert.Equal(before, gateway.Requests.Count);
    }

    [Fact]
    public async Task Two_dispatchers_running_at_once_never_send_one_message_twice()
    {
        var ids = await QueueAsync(24);
        await using var gateway = new FlakyGateway(_ => false);
        var options = Options(gateway.Url);
        var one = Dispatcher(Webhook(options), options);
        var two = Dispatcher(Webhook(options), options);

        for (var round = 0; round < 10; round++) await Task.WhenAll(one.DispatchOnceAsync(), two.DispatchOnceAsync());

        Assert.Equal(24, gateway.Requests.Count);
        Assert.Equal(ids.Select(i => i.ToString()).Order(), gateway.Requests.Select(r => r.Key).Order());
        Assert.All(await MessagesAsync(), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_backs_off_then_fails_and_an_admin_retries_it_from_the_outbox_page()
    {
        var id = (await QueueAsync(1)).Single();
        await using var gateway = new FlakyGateway(_ => true);
        var options = Options(gateway.Url, maxAttempts: 3);
        var dispatcher = Dispatcher(Webhook(options), options);
        var start = App.Clock.GetUtcNow();

        Assert.Equal(1, (await dispatcher.DispatchOnceAsync()).Retrying);
        var first = (await MessagesAsync()).Single();
        Assert.Equal(OutboxStatus.Pending, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(start.AddSeconds(30), first.NextAttemptAt);
        Assert.Equal("Gateway answered 503", first.LastError);
        Assert.Equal(0, (await dispatcher.DispatchOnceAsync()).Claimed); // not due yet

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await dispatcher.DispatchOnceAsync();
        Assert.Equal(App.Clock.GetUtcNow().AddSeconds(60), (await MessagesAsync()).Single().NextAttemptAt); // doubled
        App.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, (await dispatcher.DispatchOnceAsync()).Failed);
        Assert.Equal(OutboxStatus.Failed, (await MessagesAsync()).Single().Status);
        App.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, (await dispatcher.DispatchOnceAsync()).Claimed);
        Assert.Equal(3, gateway.Requests.Count);

        var admin = await App.CreateAsync(Roles.Admin);
        using var client = NewClient();
        await client.SignInAsync(admin);
        var page = await client.GetAsync("/admin/outbox?status=Failed");
        var row = page.Document.QuerySelector($"tr[data-message='{id}']")!;
        Assert.Equal("+628*******000", row.QuerySelector(".recipient")!.TextContent.Trim());
        Assert.DoesNotContain("+6281200000000", page.Html);
        AssertRedirect(await client.SubmitAsync(page, $"tr[data-message='{id}'] form.retry"), "/admin/outbox?status=Failed");
        var retried = (await MessagesAsync()).Single();
        Assert.Equal((OutboxStatus.Pending, 0), (retried.Status, retried.Attempts));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "outbox-retry" && a.SubjectId == id.ToString())));
    }

    [Fact]
    public async Task The_outbox_page_is_for_admins_only()
    {
        var operatorRao = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = NewClient();
        await client.SignInAsync(operatorRao);
        var response = await client.Http.GetAsync("/admin/outbox");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/staff/denied", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_file_channel_writes_one_file_per_message_and_a_repeat_overwrites_it()
    {
        var ids = await QueueAsync(3);
        var result = await App.Get<OutboxDispatcher>().DispatchOnceAsync();
        Assert.Equal(3, result.Sent);
        using var scope = App.Services.CreateScope();
        var channel = scope.ServiceProvider.GetRequiredService<FileChannel>();
        var files = Directory.GetFiles(channel.Directory, "*.json");
        foreach (var id in ids) Assert.Contains(Path.Combine(channel.Directory, id.ToString("N") + ".json"), files);

        var message = (await MessagesAsync()).First();
        await channel.SendAsync(new OutgoingMessage(message.Id, message.Kind, message.Recipient, message.Body, message.CreatedAt), default);
        Assert.Equal(files.Length, Directory.GetFiles(channel.Directory, "*.json").Length);
        Assert.Contains("pesan uji", await File.ReadAllTextAsync(Path.Combine(channel.Directory, message.Id.ToString("N") + ".json")));
    }

    [Fact]
    public async Task The_same_event_cannot_queue_its_message_twice()
    {
        await QueueAsync(1);
        await Assert.ThrowsAsync<DbUpdateException>(() => App.WithDbAsync(async db =>
        {
            db.Enqueue(App.Clock, NotificationKinds.Reminder, "test:0", "+6281200000000", "lagi");
            await db.SaveChangesAsync();
        }));
        Assert.Single(await MessagesAsync());
    }

    [Fact]
    public async Task Reminders_are_queued_the_afternoon_before_once_per_appointment_however_often_the_job_runs()
    {
        var tomorrowA = await App.BookAsync("dpks", Monday.AddDays(1), new(8, 0));
        var tomorrowB = await App.BookAsync("kec-rao", Monday.AddDays(1), new(13, 0), phone: "+6285311112222");
        await App.BookAsync("dpks", Monday.AddDays(1), new(9, 0), status: AppointmentStatus.Cancelled);
        await App.BookAsync("dpks", Monday, new(14, 0));
        await App.BookAsync("dpks", Monday.AddDays(2), new(8, 0));

        async Task<int> RunAsync()
        {
            using var scope = App.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ReminderJob>().RunAsync();
        }
        Assert.Equal(0, await RunAsync()); // 08:00: too early
        App.Clock.SetUtcNow(Wib.At(Monday, new(16, 5)));
        Assert.Equal(2, await RunAsync());
        Assert.Equal(0, await RunAsync());
        App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await RunAsync());

        var reminders = (await MessagesAsync()).Where(m => m.Kind == NotificationKinds.Reminder).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.Equal(new[] { ReminderJob.DedupKey(tomorrowA.Id, Monday.AddDays(1)), ReminderJob.DedupKey(tomorrowB.Id, Monday.AddDays(1)) }.Order(),
            reminders.Select(r => r.DedupKey).Order());
        var text = reminders.Single(r => r.Recipient == "+6285311112222").Body;
        Assert.Equal($"EKtp: Pengingat janji {tomorrowB.Code} besok Sel 02/03 13.00 di Kantor Camat Rao. Bawa KK. Cek layanan: http://127.0.0.1:5080/service-status/my-appointment", text);
        Assert.True(text.Length <= 160);
    }
}
