using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure.Notifications;

/// <summary>
/// Queues the day-before reminder for each appointment booked for tomorrow. The dedup key is per appointment and
/// date (<c>reminder:{id}:{yyyy-MM-dd}</c>), so running the job every hour, or on two instances, queues one each;
/// a resident who reschedules to another day gets a reminder for the new day.
/// </summary>
public sealed class ReminderJob(EKtpDbContext db, TimeProvider clock, IOptions<NotificationOptions> options,
    IOptions<SiteOptions> site)
{
    public static string DedupKey(Guid appointmentId, DateOnly date) => $"reminder:{appointmentId}:{date:yyyy-MM-dd}";

    /// <summary>Queues reminders for tomorrow once the reminder hour has come; returns how many were queued.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        if (clock.Now().Hour < options.Value.ReminderHour) return 0;
        return await EnqueueForAsync(clock.Today().AddDays(1), ct);
    }

    public async Task<int> EnqueueForAsync(DateOnly date, CancellationToken ct = default)
    {
        var due = await db.Appointments.AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Booked && a.Slot!.Date == date && a.Phone != "")
            .Select(a => new
            {
                a.Id, a.Code, a.Phone, a.Slot!.StartsAt,
                Place = a.Slot.MobileStop != null ? a.Slot.MobileStop.Place : a.ServicePoint!.Name,
            })
            .ToListAsync(ct);
        var keys = due.Select(a => DedupKey(a.Id, date)).ToList();
        var queued = (await db.Outbox.AsNoTracking().Where(m => keys.Contains(m.DedupKey)).Select(m => m.DedupKey).ToListAsync(ct)).ToHashSet();
        var count = 0;
        foreach (var a in due.Where(a => !queued.Contains(DedupKey(a.Id, date))))
        {
            db.Enqueue(clock, NotificationKinds.Reminder, DedupKey(a.Id, date), a.Phone,
                NotificationTexts.Reminder(a.Code, a.StartsAt, a.Place, site.Value));
            count++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (count > 0)
        {
            // Another instance queued the same reminders a moment ago; the unique dedup key kept one of each.
            db.ChangeTracker.Clear();
            return 0;
        }
        return count;
    }
}

/// <summary>Queues tomorrow's reminders every hour (<c>Jobs:Reminders</c>).</summary>
public sealed class ReminderRun(ReminderJob job, ILogger<ReminderRun> logger) : IRecurringJob
{
    public static string Name => "Reminders";

    public static TimeSpan DefaultInterval => TimeSpan.FromHours(1);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var queued = await job.RunAsync(ct);
        if (queued > 0) logger.LogInformation("Reminders queued: {Count}", queued);
    }
}

public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Channel != "webhook" || Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out _),
                "Notifications:WebhookUrl must be an absolute URL when Notifications:Channel is 'webhook'.")
            .ValidateOnStart();
        services.AddScoped<FileChannel>();
        services.AddHttpClient<WebhookChannel>((sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookTimeoutSeconds));
        services.AddScoped<INotificationChannel>(sp =>
            sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Channel == "webhook"
                ? sp.GetRequiredService<WebhookChannel>()
                : sp.GetRequiredService<FileChannel>());
        // Built by hand: the channel is resolved per batch from a scope (the typed HttpClient is not a singleton).
        services.AddSingleton(sp => new OutboxDispatcher(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<NotificationOptions>>(), sp.GetRequiredService<ILogger<OutboxDispatcher>>()));
        services.AddRecurringJob<OutboxJob>();
        services.AddScoped<ReminderJob>();
        services.AddRecurringJob<ReminderRun>();
        return services;
    }
}
