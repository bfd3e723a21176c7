using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EKtp.LinkProxy;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// The link ./ektp field puts between a node and its hub: cut (connections dropped, new ones refused), freeze
/// (connections open, nothing forwarded) and restore, switched over its control port from the command line.
/// Behind it, an echo server stands in for the hub.
/// </summary>
public sealed class LinkProxyTests : IAsyncLifetime
{
    private readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    private int EchoPort => ((IPEndPoint)_echo.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _echo.Start();
        _ = EchoAsync();
        return Task.CompletedTask;
    }

    private async Task EchoAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _echo.AcceptTcpClientAsync(_stop.Token); } catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using var c = client;
                var buffer = new byte[1024];
                try
                {
                    var stream = c.GetStream();
                    int n;
                    while ((n = await stream.ReadAsync(buffer, _stop.Token)) > 0) await stream.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                }
                catch (Exception) { /* the proxy cut it */ }
            });
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Writes a line and reads what comes back within the wait; null when nothing did.</summary>
    private static async Task<string?> RoundTripAsync(NetworkStream stream, string text, TimeSpan wait)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, n);
        }
        catch (OperationCanceledException) { return null; }
    }

    [Fact]
    public async Task Cut_from_the_command_line_drops_the_open_connection_and_refuses_new_ones_until_restore()
    {
        var (listen, control) = (FreePort(), FreePort());
        using var serve = Tool($"serve --control {control} --route {listen}=127.0.0.1:{EchoPort}");
        try
        {
            await WaitForControlAsync(control, serve);
            using var open = new TcpClient();
            await open.ConnectAsync(IPAddress.Loopback, listen);
            Assert.Equal("ping", await RoundTripAsync(open.GetStream(), "ping", TimeSpan.FromSeconds(10)));

            var (cutCode, cutOut) = await RunToolAsync($"cut --control {control}");

            Assert.Equal(0, cutCode);
            Assert.StartsWith("cut", cutOut);
            // The open connection is closed (read returns nothing or fails) and a new one is refused.
            var after = await ReadAfterCutAsync(open.GetStream());
            Assert.True(after is 0, $"the open connection still carried {after} bytes after the cut");
            using var refused = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, listen));

            var (restoreCode, restoreOut) = await RunToolAsync($"restore --control {control}");
            Assert.Equal(0, restoreCode);
            Assert.StartsWith("up", restoreOut);
            using var again = new TcpClient();
            await again.ConnectAsync(IPAddress.Loopback, listen);
            Assert.Equal("back", await RoundTripAsync(again.GetStream(), "back", TimeSpan.FromSeconds(10)));
        }
        finally
        {
            serve.Kill();
            await serve.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Freeze_keeps_the_connection_open_but_forwards_nothing_until_restore_delivers_it()
    {
        var control = FreePort();
        await using var link = StartLink(control);
        var listen = link.Routes[0].Port;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, listen);
        var stream = client.GetStream();
        Assert.Equal("one", await RoundTripAsync(stream, "one", TimeSpan.FromSeconds(10)));

        Assert.StartsWith("frozen", await LinkControl.SendAsync(control, "freeze"));
        var held = await RoundTripAsync(stream, "two", TimeSpan.FromMilliseconds(700));
        Assert.Null(held);
        Assert.True(client.Connected);

        Assert.StartsWith("up", await LinkControl.SendAsync(control, "restore"));
        var buffer = new byte[16];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var n = await stream.ReadAsync(buffer, wait.Token);
        Assert.Equal("two", Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Fact]
    public async Task An_unknown_command_is_answered_with_an_error_and_changes_nothing()
    {
        var control = FreePort();
        await using var link = StartLink(control);

        var answer = await LinkControl.SendAsync(control, "explode");

        Assert.StartsWith("error", answer);
        Assert.Equal(LinkState.Up, link.State);
        Assert.StartsWith("up", await LinkControl.SendAsync(control, "status"));
    }

    /// <summary>A link to the echo server, up, with its control port served in this process.</summary>
    private Link StartLink(int control)
    {
        var link = new Link([new TcpProxy("127.0.0.1", EchoPort)]);
        link.Apply("restore");
        _ = LinkControl.ServeAsync(link, control, _stop.Token);
        return link;
    }

    private static async Task<int> ReadAfterCutAsync(NetworkStream stream)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { return await stream.ReadAsync(new byte[16], wait.Token); }
        catch (IOException) { return 0; }
    }

    private static string ToolPath()
    {
        // The tool's own build output, in the configuration these tests were built in (bin/<Configuration>/net10.0).
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        return Path.Combine(Unit.FeatureDependencyTests.RepositoryRoot(), "tools", "EKtp.LinkProxy", "bin", configuration,
            testBin.Name, "EKtp.LinkProxy.dll");
    }

    private static Process Tool(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{ToolPath()}\" {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        return Process.Start(start)!;
    }

    private static async Task<(int Code, string Output)> RunToolAsync(string arguments)
    {
        using var process = Tool(arguments);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }

    private static async Task WaitForControlAsync(int control, Process serve)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await LinkControl.SendAsync(control, "status");
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !serve.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    public Task DisposeAsync()
    {
        _stop.Cancel();
        _echo.Stop();
        return Task.CompletedTask;
    }
}
