using System.Net;
using System.Net.Sockets;

namespace EKtp.LinkProxy;

/// <summary>
/// A loopback TCP forwarder, so a test or <c>./ektp field</c> can take a link away and bring it back (as the offices'
/// links do) without stopping what is behind it: <see cref="Stop"/> cuts (every connection dropped, new ones
/// refused), <see cref="Freeze"/> holds every byte silently (a blackhole), <see cref="Thaw"/> and <see cref="Start"/>
/// bring it back.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();
    // Completed while bytes flow; a fresh, uncompleted one while frozen.
    private volatile TaskCompletionSource _flowing = Completed();

    /// <param name="listenPort">The loopback port to listen on; 0 picks a free one.</param>
    public TcpProxy(string targetHost, int targetPort, int listenPort = 0)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost == "localhost" ? "127.0.0.1" : targetHost), targetPort);
        if (listenPort == 0)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            listenPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        Port = listenPort;
    }

    public int Port { get; }

    public IPEndPoint Target => _target;

    public bool Listening => _listener is not null;

    public bool Frozen => !_flowing.Task.IsCompleted;

    /// <summary>Connections being forwarded now (each has two sockets).</summary>
    public int OpenConnections { get { lock (_open) return _open.Count / 2; } }

    public void Start()
    {
        Thaw();
        if (_listener is not null) return;
        _cts = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener, _cts.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones, as a failed link does.</summary>
    public void Stop()
    {
        _cts.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    /// <summary>
    /// Keeps every connection open (and accepts new ones) but forwards nothing: a frozen link or database, whose
    /// clients wait until their own timeouts end the wait.
    /// </summary>
    public void Freeze()
    {
        if (!Frozen) _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Forwards again what was held back, as a link that stalled and came back does.</summary>
    public void Thaw() => _flowing.TrySetResult();

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception) when (ct.IsCancellationRequested || listener != _listener) { return; }
            catch (SocketException)
            {
                // A connection that went away while it waited to be accepted (its client gave up during a freeze):
                // that one is lost, the link is not. Returning here left a proxy that listened and never forwarded.
                try { await Task.Delay(10, ct); } catch (OperationCanceledException) { return; }
                continue;
            }
            _ = ForwardAsync(inbound, ct);
        }
    }

    /// <summary>One connection, on its own: a slow connect to the target holds up no other client.</summary>
    private async Task ForwardAsync(TcpClient inbound, CancellationToken ct)
    {
        var outbound = new TcpClient();
        try { await outbound.ConnectAsync(_target, ct); }
        catch (Exception) { inbound.Dispose(); outbound.Dispose(); return; }
        lock (_open) { _open.Add(inbound); _open.Add(outbound); }
        _ = PipeAsync(inbound.GetStream(), outbound.GetStream(), inbound, outbound, ct);
        _ = PipeAsync(outbound.GetStream(), inbound.GetStream(), outbound, inbound, ct);
    }

    private async Task PipeAsync(Stream from, Stream to, TcpClient a, TcpClient b, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                await _flowing.Task.WaitAsync(ct);
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception) { /* the other side went away */ }
        finally
        {
            lock (_open) { _open.Remove(a); _open.Remove(b); }
            a.Dispose();
            b.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
