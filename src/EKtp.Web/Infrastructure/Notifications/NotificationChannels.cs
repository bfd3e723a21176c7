using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure.Notifications;

/// <summary>What a channel sends: the outbox row's id doubles as the idempotency key.</summary>
public sealed record OutgoingMessage(Guid Id, string Kind, string Recipient, string Body, DateTimeOffset CreatedAt);

/// <summary>The one way messages leave the portal. Throw <see cref="NotificationFailedException"/> (or any exception) when not delivered.</summary>
public interface INotificationChannel
{
    string Name { get; }

    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

public sealed class NotificationFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Writes each message to its own file (<c>{id}.json</c>) for a deployment without a gateway, or for an operator to
/// forward by hand. Named by id, so a repeated send overwrites rather than duplicates.
/// </summary>
public sealed class FileChannel(IOptions<NotificationOptions> options, IHostEnvironment env) : INotificationChannel
{
    public string Name => "file";

    public string Directory => Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.FileDirectory));

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, message.Id.ToString("N") + ".json");
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, System.Text.Json.JsonSerializer.Serialize(WebhookPayload.From(message)), Encoding.UTF8, ct);
        // Rename is atomic: a reader never sees half a message.
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>The JSON body posted to a gateway (the shape Indonesian WhatsApp/SMS gateways accept: target + message).</summary>
public sealed record WebhookPayload(string Id, string Kind, string To, string Message, string CreatedAt)
{
    public static WebhookPayload From(OutgoingMessage m) =>
        new(m.Id.ToString(), m.Kind, m.Recipient, m.Body, m.CreatedAt.ToString("O"));
}

/// <summary>
/// POSTs a JSON payload to the configured gateway with the message id in an <c>Idempotency-Key</c> header, so a
/// message sent again after a crash (at-least-once) is delivered once by a gateway that honours the key.
/// Any non-2xx answer, a timeout or a network error is a failure the dispatcher retries.
/// </summary>
public sealed class WebhookChannel(HttpClient http, IOptions<NotificationOptions> options) : INotificationChannel
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public string Name => "webhook";

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.WebhookUrl))
            throw new NotificationFailedException("Notifications:WebhookUrl is not set.");
        using var request = new HttpRequestMessage(HttpMethod.Post, o.WebhookUrl) { Content = JsonContent.Create(WebhookPayload.From(message)) };
        request.Headers.Add(IdempotencyHeader, message.Id.ToString());
        if (!string.IsNullOrEmpty(o.WebhookToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.WebhookToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new NotificationFailedException($"Gateway unreachable: {e.GetType().Name}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new NotificationFailedException($"Gateway answered {(int)response.StatusCode}");
        }
    }
}
