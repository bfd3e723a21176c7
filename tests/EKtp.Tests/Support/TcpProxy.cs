using System.Net;
using System.Net.Sockets;

namespace EKtp.Tests.Support;

/// <summary>
/// A loopback TCP forwarder in front of PostgreSQL, so a test can take "the database" away and bring it back
/// (as the offices' links do) without stopping the server other tests share.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();
    // Completed while bytes flow; a fresh, uncompleted one while frozen.
    private volatile TaskCompletionSource _flowing = Completed();

    public TcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost == "localhost" ? "127.0.0.1" : targetHost), targetPort);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public void Start()
    {
        Thaw();
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _cts.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones, as a failed link does.</summary>
    public void Stop()
    {
        _cts.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    /// <summary>
    /// Keeps every connection open (and accepts new ones) but forwards nothing: a frozen database, whose clients
    /// wait until their own timeouts end the wait.
    /// </summary>
    public void Freeze() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Forwards again what was held back, as a database that stalled and came back does.</summary>
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
            catch (Exception) { return; }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(_target, ct); }
            catch (Exception) { inbound.Dispose(); outbound.Dispose(); continue; }
            lock (_open) { _open.Add(inbound); _open.Add(outbound); }
            _ = PipeAsync(inbound.GetStream(), outbound.GetStream(), inbound, outbound, ct);
            _ = PipeAsync(outbound.GetStream(), inbound.GetStream(), outbound, inbound, ct);
        }
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
        finally { a.Dispose(); b.Dispose(); }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
