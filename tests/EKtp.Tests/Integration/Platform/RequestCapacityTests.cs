using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Platform;

/// <summary>
/// The portal works on at most Capacity:MaxConcurrentRequests requests at once (decision 1709). A booking is held in
/// flight by a row lock on its slot taken here, so the turn it holds is certain, not a race.
/// </summary>
public class RequestCapacityTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private WebApplicationFactory<Program> Portal(int permits, int queue, int queueTimeoutSeconds = 60) => App.WithWebHostBuilder(b =>
    {
        b.UseSetting("Capacity:MaxConcurrentRequests", permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("Capacity:QueueLimit", queue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("Capacity:QueueTimeoutSeconds", queueTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    [Fact]
    public async Task With_every_turn_taken_and_no_queue_pages_and_the_api_answer_503_with_retry_after_and_nothing_is_written()
    {
        await using var turn = await TakeTheOnlyTurnAsync(queue: 0);
        var (client, slot, held, booking) = (turn.Client, turn.Slot, turn.Held, turn.Booking);

        using var api = await client.GetAsync("/api/v1/service-points");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("5", api.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/problems/busy", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        using var page = await client.GetAsync("/booking");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("5", page.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Layanan sedang sangat sibuk", await page.Content.ReadAsStringAsync());

        using var refused = await client.PostAsJsonAsync("/api/v1/bookings", ApiBody(slot.Id, Nik(2)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        // Not controller actions: the health check and the static files never wait for a turn.
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        await held.ReleaseAsync();
        using var booked = await booking;
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        using var after = await client.GetAsync("/api/v1/service-points");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, await AppointmentCountAsync(App));
        Assert.Equal(1, await BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task A_request_beyond_the_turns_waits_in_the_queue_and_is_served_when_a_turn_frees()
    {
        await using var turn = await TakeTheOnlyTurnAsync(queue: 10);
        var (client, held, booking) = (turn.Client, turn.Held, turn.Booking);
        var waiting = client.GetAsync("/api/v1/service-points");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the second request was served while the only turn was taken");

        await held.ReleaseAsync();
        using var booked = await booking;
        using var served = await waiting;
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_request_that_waits_longer_than_the_queue_timeout_is_answered_503_while_the_turn_stays_taken()
    {
        await using var turn = await TakeTheOnlyTurnAsync(queue: 10, queueTimeoutSeconds: 1);
        var (client, held, booking) = (turn.Client, turn.Held, turn.Booking);
        using var waited = await client.GetAsync("/api/v1/service-points");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waited.StatusCode);
        Assert.Equal("5", waited.Headers.GetValues("Retry-After").Single());
        Assert.False(booking.IsCompleted, "the held booking finished before the lock was released");

        await held.ReleaseAsync();
        using var booked = await booking;
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(1, await AppointmentCountAsync(App));
    }

    /// <summary>
    /// A portal of one turn and the given queue, whose one turn is taken by a booking held at its slot's locked row
    /// (released by the test, or when the turn is disposed).
    /// </summary>
    private async Task<HeldTurn> TakeTheOnlyTurnAsync(int queue, int queueTimeoutSeconds = 60)
    {
        var portal = Portal(permits: 1, queue, queueTimeoutSeconds);
        var client = portal.CreateClient(new() { AllowAutoRedirect = false });
        var slot = await SlotAsync(App);
        var held = await HoldSlotAsync(slot.Id);
        var booking = client.PostAsJsonAsync("/api/v1/bookings", ApiBody(slot.Id, Nik(1)));
        await held.WaitUntilBlockedAsync();
        return new HeldTurn(portal, client, slot, held, booking);
    }

    private sealed record HeldTurn(WebApplicationFactory<Program> Portal, HttpClient Client, EKtp.Web.Domain.Slot Slot, SlotLock Held,
        Task<HttpResponseMessage> Booking) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Held.DisposeAsync();
            Client.Dispose();
            await Portal.DisposeAsync();
        }
    }

    private async Task<SlotLock> HoldSlotAsync(Guid slotId)
    {
        var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM slots WHERE id = $1 FOR UPDATE", connection, transaction);
        cmd.Parameters.AddWithValue(slotId);
        await cmd.ExecuteScalarAsync();
        return new SlotLock(App.Database.ConnectionString, connection, transaction);
    }

    /// <summary>A slot's row locked in an open transaction: a booking of it waits at its UPDATE until the lock goes.</summary>
    private sealed class SlotLock(string connectionString, NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private bool _released;

        public async Task WaitUntilBlockedAsync()
        {
            await using var watcher = new NpgsqlConnection(connectionString);
            await watcher.OpenAsync();
            for (var i = 0; i < 200; i++)
            {
                await using var cmd = new NpgsqlCommand(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", watcher);
                if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
                await Task.Delay(50);
            }
            throw new TimeoutException("The booking never reached the locked slot.");
        }

        public async Task ReleaseAsync()
        {
            if (_released) return;
            _released = true;
            await transaction.RollbackAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
