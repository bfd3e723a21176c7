using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure.Notifications;

public sealed record DispatchResult(int Claimed, int Sent, int Retrying, int Failed);

/// <summary>
/// Sends pending outbox messages through the configured <see cref="INotificationChannel"/>.
/// <para>
/// Claiming: one autocommitted statement (<c>UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING</c>)
/// pushes each claimed message's <c>next_attempt_at</c> a lease into the future and counts the attempt, so two
/// dispatchers (two instances, or two loops) never hold the same message at once.
/// </para>
/// <para>
/// Delivery is at-least-once with an idempotency key: the status becomes <c>Sent</c> in a statement committed right
/// after the channel accepts. A message marked Sent is never claimed again, across restarts. The only window for a
/// repeat is a crash between the gateway's acceptance and that commit: the lease expires, the message is sent again
/// with the same id in the <c>Idempotency-Key</c> header, and the gateway drops the duplicate
/// (docs/decisions/0502-outbox-delivery.md).
/// </para>
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationOptions> options,
    ILogger<OutboxDispatcher> logger, INotificationChannel? channel = null)
{
    public async Task<DispatchResult> DispatchOnceAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var sender = channel ?? scope.ServiceProvider.GetRequiredService<INotificationChannel>();
        var now = clock.GetUtcNow();
        var leaseUntil = now.AddSeconds(o.LeaseSeconds);
        var pending = nameof(OutboxStatus.Pending);

        var claimed = await db.Outbox.FromSql($"""
            UPDATE outbox_messages AS m SET next_attempt_at = {leaseUntil}, attempts = m.attempts + 1
            WHERE m.id IN (SELECT id FROM outbox_messages
                           WHERE status = {pending} AND next_attempt_at <= {now}
                           ORDER BY next_attempt_at LIMIT {o.BatchSize}
                           FOR UPDATE SKIP LOCKED)
            RETURNING m.id, m.regency_code, m.kind, m.dedup_key, m.recipient, m.body, m.status, m.attempts, m.created_at,
                      m.next_attempt_at, m.sent_at, m.last_error
            """).AsNoTracking().ToListAsync(ct);

        int sent = 0, retrying = 0, failed = 0;
        foreach (var message in claimed.OrderBy(m => m.CreatedAt))
        {
            try
            {
                await sender.SendAsync(new OutgoingMessage(message.Id, message.Kind, message.Recipient, message.Body, message.CreatedAt), ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var giveUp = message.Attempts >= o.MaxAttempts;
                var at = clock.GetUtcNow();
                var error = Truncate(PersonalDataMasking.Mask(e.Message), 500);
                await db.Outbox.Where(m => m.Id == message.Id && m.Status == OutboxStatus.Pending)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(m => m.Status, giveUp ? OutboxStatus.Failed : OutboxStatus.Pending)
                        .SetProperty(m => m.NextAttemptAt, at + o.BackoffAfter(message.Attempts))
                        .SetProperty(m => m.LastError, error), CancellationToken.None);
                if (giveUp) failed++; else retrying++;
                logger.LogWarning("Outbox message {MessageId} ({Kind}) not delivered on attempt {Attempt} via {Channel}: {Error}",
                    message.Id, message.Kind, message.Attempts, sender.Name, error);
                continue;
            }
            // Not cancellable: once the gateway has the message, recording that is what prevents a second send.
            await db.Outbox.Where(m => m.Id == message.Id && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Status, OutboxStatus.Sent)
                    .SetProperty(m => m.SentAt, clock.GetUtcNow())
                    .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            sent++;
        }
        if (claimed.Count > 0)
            logger.LogInformation("Outbox: {Claimed} claimed, {Sent} sent, {Retrying} to retry, {Failed} failed via {Channel}",
                claimed.Count, sent, retrying, failed, sender.Name);
        return new DispatchResult(claimed.Count, sent, retrying, failed);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>Sends what is due every 15 seconds (<c>Jobs:Outbox</c>), draining while full batches come back.</summary>
public sealed class OutboxJob(OutboxDispatcher dispatcher, IOptions<NotificationOptions> options) : IRecurringJob
{
    public static string Name => "Outbox";

    public static TimeSpan DefaultInterval => TimeSpan.FromSeconds(15);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        while ((await dispatcher.DispatchOnceAsync(ct)).Claimed >= options.Value.BatchSize) { }
    }
}
