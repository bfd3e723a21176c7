using System.Diagnostics;
using Npgsql;

namespace EKtp.Tests.Support;

/// <summary>
/// A PostgreSQL 15 cluster of a test's own, on a loopback port, made with initdb as <c>./ektp</c> makes its own (as the
/// <c>postgres</c> user when the tests run as root). Trust authentication on 127.0.0.1 only; fsync off. The test
/// starts and stops only this cluster: pg_ctl acts on this data directory's postmaster alone.
/// </summary>
public sealed class PgCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;

    private PgCluster(string root, int port, string bin)
    {
        (_root, Port, _bin) = (root, port, bin);
        _data = Path.Combine(root, "pg");
    }

    public int Port { get; }

    public string ConnectionString(string database = "ektp") =>
        $"Host=127.0.0.1;Port={Port};Username=ektp;Database={database};Timeout=3;Command Timeout=10;Pooling=true";

    /// <summary>initdb, the settings, start, and a database <c>ektp</c>.</summary>
    public static async Task<PgCluster> StartNewAsync(string name, int port, params string[] settings)
    {
        var bin = new[] { "/usr/lib/postgresql/15/bin" }.Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending() : [])
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL 15 (initdb) is not installed; ./ektp installs it.");
        var root = Path.Combine(Path.GetTempPath(), $"ektp-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        // The postgres user (when we are root) must write the data directory and the log beside it.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111);
        var cluster = new PgCluster(root, port, bin);
        await cluster.RunAsync("initdb", "-D", cluster._data, "-U", "ektp", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
        // fsync off survives what the tests do (a killed server: the OS keeps its page cache), not an OS crash;
        // synchronous_commit stays on, so a commit the portal saw is there after the kill.
        var conf = new[]
        {
            "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", "fsync = off",
            "max_connections = 100", "shared_buffers = 32MB",
        }.Concat(settings);
        await File.AppendAllLinesAsync(Path.Combine(cluster._data, "postgresql.conf"), conf);
        await cluster.StartAsync();
        await using var c = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await c.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE ektp", c);
        await create.ExecuteNonQueryAsync();
        return cluster;
    }

    public Task StartAsync() =>
        RunAsync("pg_ctl", "-D", _data, "-o", $"-p {Port}", "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60", "start");

    /// <summary><paramref name="immediate"/>: as a power cut (no shutdown checkpoint, crash recovery at the next start).</summary>
    public async Task StopAsync(bool immediate = false)
    {
        await RunAsync("pg_ctl", "-D", _data, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop");
        NpgsqlConnection.ClearAllPools();
    }

    private bool Running => File.Exists(Path.Combine(_data, "postmaster.pid"));

    private async Task RunAsync(string tool, params string[] args)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(_bin, tool))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (asRoot) foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(_bin, tool) }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await error} {await output}".Trim());
    }

    public async ValueTask DisposeAsync()
    {
        if (Running)
        {
            try { await StopAsync(immediate: true); }
            catch (InvalidOperationException) { /* already stopped */ }
        }
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
