using System.Net;
using System.Net.Sockets;
using EKtp.Tests.Support;
using EKtp.Web.Infrastructure;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.ScaleOut;

/// <summary>The operators' metrics on the internal listener only (issue 16, item 4; decision 1605).</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class MetricsEndpointTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Metrics_answer_on_the_internal_address_with_the_booking_counter_and_never_on_the_public_one()
    {
        int publicPort = FreePort(), metricsPort = FreePort();
        await using var portal = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("urls", $"http://127.0.0.1:{publicPort}");
            b.UseSetting("Metrics:Url", $"http://127.0.0.1:{metricsPort}");
            b.UseSetting("Instance:Name", "web7");
        });
        portal.UseKestrel();
        portal.StartServer();
        using var http = new HttpClient();
        var slot = await SlotAsync(App);
        await BookByApiAsync(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") }, slot.Id, Nik(1));

        var onPublic = await http.GetAsync($"http://127.0.0.1:{publicPort}{PortalMetrics.Path}");
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{publicPort}{PortalMetrics.Path}");
        forged.Headers.Host = $"127.0.0.1:{metricsPort}";
        var forgedHost = await http.SendAsync(forged);
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}{PortalMetrics.Path}");

        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forgedHost.StatusCode);
        Assert.Matches(@"(?m)^ektp_bookings_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Contains("service_instance_id=\"web7\"", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics);
        Assert.Matches(@"(?m)^ektp_outbox_pending(\{[^}]*\})? [1-9]", metrics); // the booking's confirmation waits in the outbox
    }
}
