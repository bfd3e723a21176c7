using EKtp.Web.Data;
using EKtp.Web.Domain;

namespace EKtp.Web.Infrastructure.Notifications;

public static class NotificationKinds
{
    public const string BookingConfirmed = "booking-confirmed";
    public const string Reminder = "reminder";
    public const string AffectedByDisruption = "affected-by-disruption";
    public const string CardReady = "card-ready";
    public const string MobileVisitApproved = "mobile-visit-approved";
    public const string MobileVisitDeclined = "mobile-visit-declined";
    public const string MobileStopChanged = "mobile-stop-changed";
    public const string Rescheduled = "appointment-rescheduled";
    public const string Cancelled = "appointment-cancelled";
}

/// <summary>
/// Queues a message in the same DbContext (and so the same transaction) as the event it announces; a dispatcher sends
/// it later. The dedup key is unique in the table, so one event queues one message however often it is retried.
/// Texts must be short (one SMS where possible) and carry no full NIK.
/// </summary>
public static class Outbox
{
    public static OutboxMessage Enqueue(this EKtpDbContext db, TimeProvider clock, string kind, string dedupKey, string recipient, string body)
    {
        var message = Message(clock, kind, dedupKey, recipient, body);
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>A message not yet added to any context: for a statement that writes it beside its event (the booking's).</summary>
    public static OutboxMessage Message(TimeProvider clock, string kind, string dedupKey, string recipient, string body)
    {
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Kind = kind, DedupKey = dedupKey, Recipient = recipient, Body = body, CreatedAt = now, NextAttemptAt = now,
        };
    }
}
