namespace EKtp.Web.Features.Queue;

/// <summary>What a queue action did: a message for the operator, and the field it concerns when it was refused.</summary>
public sealed record QueueResult(bool Ok, string Message, string? Field = null, Guid? TicketId = null)
{
    public static QueueResult Done(string message, Guid? ticketId = null) => new(true, message, null, ticketId);
    public static QueueResult Refused(string message, string? field = null) => new(false, message, field);
}
