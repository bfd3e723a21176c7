using System.Diagnostics;
using System.Security.Cryptography;

namespace EKtp.Tests.Integration.Benchmarks;

/// <summary>
/// Issue 16's integration test, short: <c>./ektp bench failover --short</c> stands up the whole topology on loopback
/// ports of its own (HAProxy, two portal instances, Redis, pg_auto_failover's monitor, primary and synchronous standby),
/// books from 20 clients for 20 s while web1 is killed and then the primary, checks every answer against the database,
/// and a board on web2 against a call made through web1, then stops everything it started. Nothing is skipped: a
/// package that cannot be installed fails the test with the bench's message.
/// </summary>
public class FailoverBenchTests
{
    /// <summary>A guard against a hang: the load is 20 s, standing the topology up takes the rest.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Through_a_web_kill_and_a_primary_kill_every_booking_is_answered_clearly_and_kept_exactly_once()
    {
        var root = ShortBench.Root();
        var dll = Path.Combine(root, "tools", "EKtp.Bench", "bin", "Release", "net10.0", "EKtp.Bench.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the suite builds the solution in Release (./ektp test).");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "failover", "--short" }) info.ArgumentList.Add(arg);
        info.Environment["EKTP_ROOT"] = root;
        // Ports and a folder of its own, apart from a developer's ./ektp ha up (5460…).
        info.Environment["EKTP_HA_PORT"] = "5560";
        info.Environment["EKTP_HA_DATA"] = Path.Combine(root, ".data", "ha-test");
        info.Environment["PersonalData__ActiveKeyId"] = "f1";
        info.Environment["PersonalData__EncryptionKeys__f1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        info.Environment["PersonalData__HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bench failover --short ran longer than {Limit.TotalMinutes} minutes:\n{await output}\n{await error}");
        }
        var text = await output;
        Assert.True(process.ExitCode == 0, $"bench failover --short exited with {process.ExitCode}:\n{text}\n{await error}");
        Assert.Contains("failover: every check passed", text);
        Assert.Contains("committed bookings lost: 0, duplicated: 0, overbooked slots: 0", text);
        Assert.Matches(@"board on web2 shows [AB]-\d{3}, called through web1", text);
    }
}
