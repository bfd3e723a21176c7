using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace EKtp.Tests.Integration.Notifications;

/// <summary>
/// A WhatsApp/SMS gateway stand-in on 127.0.0.1 that fails when told to, and honours the Idempotency-Key header
/// as real gateways do: a repeated key is acknowledged but not delivered again.
/// </summary>
public sealed class FlakyGateway : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public FlakyGateway(Func<int, bool> failRequest)
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/send/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                Handle(context, failRequest);
            }
        });
    }

    public string Url { get; }

    /// <summary>Every POST, in order: (idempotency key, answered with success).</summary>
    public ConcurrentQueue<(string Key, bool Ok)> Requests { get; } = new();

    /// <summary>Messages delivered to phones: one per key, whatever the number of POSTs.</summary>
    public ConcurrentDictionary<string, JsonElement> Delivered { get; } = new();

    public int Accepted(string key) => Requests.Count(r => r.Key == key && r.Ok);

    private void Handle(HttpListenerContext context, Func<int, bool> failRequest)
    {
        var n = Interlocked.Increment(ref _requests);
        var key = context.Request.Headers["Idempotency-Key"] ?? "";
        using var reader = new StreamReader(context.Request.InputStream);
        var body = JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
        var fail = failRequest(n);
        Requests.Enqueue((key, !fail));
        if (!fail) Delivered.TryAdd(key, body);
        context.Response.StatusCode = fail ? 503 : 200;
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
