using System.ComponentModel.DataAnnotations;

namespace EKtp.Web.Infrastructure.Notifications;

public class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary><c>file</c> (default: one file per message, for a deployment without a gateway yet) or <c>webhook</c>.</summary>
    [RegularExpression("^(file|webhook)$", ErrorMessage = "Notifications:Channel must be 'file' or 'webhook'.")]
    public string Channel { get; set; } = "file";

    /// <summary>Where the file channel writes; relative paths are under the content root.</summary>
    public string FileDirectory { get; set; } = ".data/outbox";

    /// <summary>The gateway address the webhook channel POSTs to (an Indonesian WhatsApp/SMS gateway's send endpoint).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> when set.</summary>
    public string? WebhookToken { get; set; }

    [Range(1, 120)]
    public int WebhookTimeoutSeconds { get; set; } = 10;

    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>After this many failed attempts a message is marked Failed (an admin can retry it).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits this long; each further retry waits twice as long, up to <see cref="MaxBackoffSeconds"/>.</summary>
    [Range(1, 3600)]
    public int BaseBackoffSeconds { get; set; } = 30;

    [Range(1, 86_400)]
    public int MaxBackoffSeconds { get; set; } = 3600;

    /// <summary>
    /// How long a claimed message is reserved for the dispatcher that claimed it. A dispatcher that dies mid-send
    /// leaves the message to be claimed again after this long (the gateway's idempotency key makes that harmless).
    /// </summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Reminders for tomorrow's appointments are queued from this WIB hour on (so nobody gets one at 03:00).</summary>
    [Range(0, 23)]
    public int ReminderHour { get; set; } = 16;

    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoffSeconds, BaseBackoffSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}
