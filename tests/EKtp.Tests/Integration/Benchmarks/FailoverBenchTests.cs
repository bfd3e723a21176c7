using EKtp.Tests.Support;

namespace EKtp.Tests.Integration.Benchmarks;

/// <summary>
/// Issue 16's integration test, short: <c>./ektp bench failover --short</c> stands up the whole topology on loopback
/// ports of its own (HAProxy, two portal instances, Redis, pg_auto_failover's monitor, primary and synchronous standby),
/// books from 20 clients for 20 s while web1 is killed and then the primary, checks every answer against the database,
/// and a board on web2 against a call made through web1, then stops everything it started. Before the kills it books
/// for a few seconds with both instances in HAProxy's rotation and then with web2 taken out through HAProxy's admin
/// socket, and prints the two rates and their ratio (printed, not judged; judged is that web2 got nothing while out).
/// Nothing is skipped: a package that cannot be installed fails the test with the bench's message. Under
/// <see cref="ShortBench"/>'s time limit: the load is 3 s of warm-up, 5 + 5 s of rates and 20 s of kills, standing the topology up
/// takes the rest.
/// </summary>
[Collection(FixedPortsCollection.Name)]
public class FailoverBenchTests
{
    [Fact]
    public async Task Through_a_web_kill_and_a_primary_kill_every_booking_is_answered_clearly_and_kept_exactly_once()
    {
        var info = ShortBench.Process("failover");
        // Ports and a folder of its own, apart from a developer's ./ektp ha up (5460…).
        info.Environment["EKTP_HA_PORT"] = "5560";
        info.Environment["EKTP_HA_DATA"] = Path.Combine(ShortBench.Root(), ".data", "ha-test");

        var text = await ShortBench.RunToEndAsync(info, "failover");
        Assert.Contains("failover: every check passed", text);
        Assert.Contains("committed bookings lost: 0, duplicated: 0, overbooked slots: 0", text);
        Assert.Matches(@"board on web2 shows [AB]-\d{3}, called through web1", text);
        Assert.Matches(@"one instance \(web2 disabled in HAProxy, its process still running\): [\d.]+/s \(\d+ × 201, \d+ other[^;]*; answered by web1 [1-9]\d*, web2 0,", text);
        Assert.Matches(@"bookings per second through HAProxy, two instances against one: \d+\.\d\d", text);
    }
}
