using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using EKtp.Tests.Integration.Booking;
using EKtp.Tests.Support;

namespace EKtp.Tests.Integration.Platform;

/// <summary>
/// The database stopped, then frozen, while residents open pages and kiosks call the API: an outage answered 503
/// (the service status from memory, with its time), never a 500 or a hang, and back to normal without a restart.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public class OutageTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly string[] Pages = ["/booking/place?service=new-recording", "/booking/slots?service=new-recording&point=kec-rao", "/display/kec-rao"];

    [Fact]
    public async Task Stopped_and_frozen_database_answer_503_keep_the_last_known_status_and_recover_without_restart()
    {
        var slot = await BookingTestData.SlotAsync(App);
        var (proxy, portal) = App.ThroughProxy();
        await using var _ = proxy;
        await using var __ = portal;
        proxy.Start();
        using var client = portal.CreateClient(new() { AllowAutoRedirect = false });
        await AssertNormalAsync(client);

        proxy.Stop();
        await AssertOutageAsync(client, slot.Id);

        proxy.Start();
        await AssertNormalAsync(client);

        proxy.Freeze();
        var ready = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        // Two seconds are promised; the margin is for a loaded test machine, not for a hang (which was 45 s).
        Assert.InRange(ready.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        await AssertOutageAsync(client, slot.Id);

        proxy.Thaw();
        // What the freeze held back reaches PostgreSQL first; readiness polled at once through that did not come back
        // within 20 s on a quiet machine (open in issue 13's note), so the database gets 3 s to take it in.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await AssertNormalAsync(client);
    }

    private static async Task AssertNormalAsync(HttpClient client)
    {
        // Back by itself, with no restart: ready again within 20 s of the database's return (each check ends within 1.5 s).
        var ready = HttpStatusCode.ServiceUnavailable;
        var since = Stopwatch.StartNew();
        while (ready != HttpStatusCode.OK && since.Elapsed < TimeSpan.FromSeconds(20))
        {
            ready = (await client.GetAsync("/health/ready")).StatusCode;
            if (ready != HttpStatusCode.OK) await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        Assert.Equal(HttpStatusCode.OK, ready);
        foreach (var address in new[] { "/", "/service-status" }.Concat(Pages))
        {
            var page = await PageClient.ReadAsync(await client.GetAsync(address));
            Assert.True(page.Status == HttpStatusCode.OK, $"{address}: {page.Status}");
            Assert.Null(page.Document.QuerySelector("[data-stale-status]"));
        }
    }

    private static async Task AssertOutageAsync(HttpClient client, Guid slotId)
    {
        // The last status read, with its time: the home page's summary, and every service point on /service-status.
        foreach (var (address, shows) in new[] { ("/", "tempat layanan buka sekarang"), ("/service-status", "Kantor Camat Rao") })
        {
            var page = await PageClient.ReadAsync(await client.GetAsync(address));
            Assert.True(page.Status == HttpStatusCode.ServiceUnavailable, $"{address}: {page.Status}");
            Assert.NotNull(page.Response.Headers.RetryAfter);
            Assert.Contains("keadaan terakhir yang diketahui", page.Document.QuerySelector("[data-stale-status]")?.TextContent);
            Assert.Contains(shows, page.Text);
            // Today and tomorrow's notices come from the same remembered reading (issue 14, item 5).
            Assert.NotNull(page.Document.QuerySelector("[data-day='tomorrow']"));
        }
        foreach (var address in Pages)
        {
            var page = await PageClient.ReadAsync(await client.GetAsync(address));
            Assert.True(page.Status == HttpStatusCode.ServiceUnavailable, $"{address}: {page.Status}");
            Assert.Contains("Layanan sedang terganggu", page.Text);
        }
        var api = await client.PostAsJsonAsync("/api/v1/bookings", BookingTestData.ApiBody(slotId, BookingTestData.Nik()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(api.Headers.RetryAfter);
    }
}
