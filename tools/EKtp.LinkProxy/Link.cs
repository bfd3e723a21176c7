using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EKtp.LinkProxy;

public enum LinkState { Up, Cut, Frozen }

/// <summary>
/// The link between a field node and its hub: one <see cref="TcpProxy"/> per forwarded port, switched together.
/// Cut = every connection dropped and new ones refused; freeze = connections stay open and nothing is forwarded
/// (the worst failure: no error, only silence); restore = forwarding again.
/// </summary>
public sealed class Link(IReadOnlyList<TcpProxy> routes) : IAsyncDisposable
{
    private readonly Lock _gate = new();

    public LinkState State { get; private set; } = LinkState.Cut;

    public IReadOnlyList<TcpProxy> Routes => routes;

    /// <summary>Parses <c>LISTEN=HOST:PORT</c>, e.g. <c>5443=127.0.0.1:5441</c>.</summary>
    public static TcpProxy Route(string spec)
    {
        var parts = spec.Split('=', 2);
        var target = parts.Length == 2 ? parts[1].Split(':') : [];
        if (parts.Length != 2 || target.Length != 2 || !int.TryParse(parts[0], out var listen) || !int.TryParse(target[1], out var port))
            throw new ArgumentException($"A route is LISTEN_PORT=HOST:PORT (5443=127.0.0.1:5441), not '{spec}'.");
        return new TcpProxy(target[0], port, listen);
    }

    public string Apply(string command)
    {
        lock (_gate)
        {
            switch (command.Trim().ToLowerInvariant())
            {
                case "cut":
                    foreach (var r in routes) r.Stop();
                    State = LinkState.Cut;
                    break;
                case "freeze":
                    // A frozen link still accepts connections: clients see a stall, not a refusal.
                    foreach (var r in routes) { r.Start(); r.Freeze(); }
                    State = LinkState.Frozen;
                    break;
                case "restore":
                    foreach (var r in routes) r.Start();
                    State = LinkState.Up;
                    break;
                case "status":
                    break;
                default:
                    return "error unknown command (cut, freeze, restore, status)";
            }
            return Describe();
        }
    }

    public string Describe() =>
        $"{State.ToString().ToLowerInvariant()} " + string.Join(" ", routes.Select(r => $"{r.Port}->{r.Target}:{r.OpenConnections}"));

    public ValueTask DisposeAsync()
    {
        foreach (var r in routes) r.Stop();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The link's control port: one line in (<c>cut</c>, <c>freeze</c>, <c>restore</c>, <c>status</c>), one line out
/// (the state, then each route as <c>listen->target:open connections</c>). Loopback only.
/// </summary>
public static class LinkControl
{
    public static async Task ServeAsync(Link link, int controlPort, CancellationToken ct)
    {
        var listener = new TcpListener(IPAddress.Loopback, controlPort);
        listener.Start();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(ct);
                try
                {
                    await using var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.ASCII);
                    var command = await reader.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct) ?? "";
                    var answer = Encoding.ASCII.GetBytes(link.Apply(command) + "\n");
                    await stream.WriteAsync(answer, ct);
                }
                catch (Exception e) when (e is IOException or TimeoutException) { /* a client that went away */ }
            }
        }
        catch (OperationCanceledException) { }
        finally { listener.Stop(); }
    }

    public static async Task<string> SendAsync(int controlPort, string command, CancellationToken ct = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, controlPort, ct);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\n"), ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return (await reader.ReadLineAsync(ct))?.Trim() ?? "";
    }
}
