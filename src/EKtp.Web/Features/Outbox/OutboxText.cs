namespace EKtp.Web.Features.Outbox;

/// <summary>Marker for the outbox admin page's strings (Resources/Features/Outbox/OutboxText.en.resx).</summary>
public sealed class OutboxText;
