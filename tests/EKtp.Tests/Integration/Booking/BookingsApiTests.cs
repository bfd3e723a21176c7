using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Booking;

public class BookingsApiTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Booking_returns_201_with_the_code_and_the_slot_in_WIB()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var response = await api.PostAsJsonAsync("/api/v1/bookings", ApiBody(slot.Id, Nik(1)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(BookingCode.IsWellFormed(body.GetProperty("code").GetString()!));
        Assert.Equal(slot.Id, body.GetProperty("slotId").GetGuid());
        Assert.Equal("2027-03-02T07:30:00+07:00", body.GetProperty("start").GetString());
        Assert.Equal("kec-rao", body.GetProperty("servicePointCode").GetString());
        Assert.Equal("booked", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_errors_per_field_and_nothing_is_written()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var response = await api.PostAsJsonAsync("/api/v1/bookings", new
        {
            slotId = slot.Id, service = "passport", nik = "1308051505900000", kkNumber = "12", fullName = "", birthDate = "1990-05-15",
            phone = "12345", villageCode = "13.08.05.9999",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "service", "nik", "kkNumber", "fullName", "phone", "villageCode" })
            Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.Equal("Empat angka terakhir NIK tidak boleh 0000.", errors.GetProperty("nik")[0].GetString());
        Assert.Equal(0, await AppointmentCountAsync(App));
        Assert.Equal(0, await BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task A_duplicate_and_a_full_slot_are_409_problems_and_a_retry_with_the_same_key_is_the_same_booking()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(string nik, Guid slotId, string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings") { Content = JsonContent.Create(ApiBody(slotId, nik)) };
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await api.SendAsync(request);
        }

        var first = await Post(Nik(1), slot.Id, key);
        var retry = await Post(Nik(1), slot.Id, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var duplicate = await Post(Nik(1), (await SlotAsync(App, index: 1)).Id);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.EndsWith("duplicate-booking", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        await Post(Nik(2), slot.Id);
        await Post(Nik(3), slot.Id);
        var full = await Post(Nik(4), slot.Id);
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        var problem = await full.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("slot-full", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("nextSlots").GetArrayLength() > 0);
        Assert.Equal(3, await AppointmentCountAsync(App));
        Assert.Equal(3, await BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task A_full_or_closed_slot_still_answers_a_repeated_request_with_its_booking_and_a_duplicate_as_a_duplicate()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var other = await SlotAsync(App, index: 1);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(string nik, Guid slotId, string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings") { Content = JsonContent.Create(ApiBody(slotId, nik)) };
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await api.SendAsync(request);
        }
        static async Task<string?> TypeOf(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();

        var first = await Post(Nik(1), slot.Id, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var code = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

        // A duplicate for a slot with room takes no place there.
        var duplicate = await Post(Nik(1), other.Id);
        Assert.EndsWith("duplicate-booking", await TypeOf(duplicate));
        Assert.Equal(0, await BookedAsync(App, other.Id));

        // Full: a retry of the first request is still its booking; the same NIK with a new request is a duplicate, not "full".
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Capacity, 1)));
        var retryWhenFull = await Post(Nik(1), slot.Id, key);
        Assert.Equal(HttpStatusCode.Created, retryWhenFull.StatusCode);
        Assert.Equal(code, (await retryWhenFull.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.EndsWith("duplicate-booking", await TypeOf(await Post(Nik(1), slot.Id)));
        Assert.EndsWith("slot-full", await TypeOf(await Post(Nik(2), slot.Id)));

        // Closed meanwhile: a retry is still its booking; anyone else, the NIK's holder with a new request too, hears "closed".
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true)));
        var retryWhenClosed = await Post(Nik(1), slot.Id, key);
        Assert.Equal(HttpStatusCode.Created, retryWhenClosed.StatusCode);
        Assert.Equal(code, (await retryWhenClosed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.EndsWith("slot-closed", await TypeOf(await Post(Nik(1), slot.Id)));
        Assert.EndsWith("slot-closed", await TypeOf(await Post(Nik(2), slot.Id)));

        Assert.Equal(1, await AppointmentCountAsync(App));
        Assert.Equal(1, await BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task A_request_repeated_after_its_booking_was_cancelled_is_a_409_saying_so_and_creates_nothing()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings") { Content = JsonContent.Create(ApiBody(slot.Id, Nik(1))) };
            request.Headers.Add("Idempotency-Key", key);
            return await api.SendAsync(request);
        }
        var first = await Post();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var code = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/bookings/{code}/cancel", new { nik = Nik(1) })).StatusCode);

        var repeated = await Post();

        Assert.Equal(HttpStatusCode.Conflict, repeated.StatusCode);
        Assert.Equal("application/problem+json", repeated.Content.Headers.ContentType?.MediaType);
        var problem = await repeated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("not-active", problem.GetProperty("type").GetString());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal("cancelled", problem.GetProperty("status").GetString());
        Assert.Contains("Dibatalkan", problem.GetProperty("title").GetString());
        Assert.Equal(1, await AppointmentCountAsync(App));
        Assert.Equal(0, await BookedAsync(App, slot.Id));

        // Closed meanwhile, the repeat is answered the same way (it is looked up before the refusal).
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true)));
        Assert.Equal(HttpStatusCode.Conflict, (await Post()).StatusCode);
        Assert.Equal(0, await BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task Cancel_by_API_releases_the_place_and_a_wrong_NIK_is_404()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var code = await BookByApiAsync(api, slot.Id, Nik(1));

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/bookings/{code}/cancel", new { nik = Nik(2) })).StatusCode);
        var ok = await api.PostAsJsonAsync($"/api/v1/bookings/{code}/cancel", new { nik = Nik(1), reason = "Pindah kota" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(0, await BookedAsync(App, slot.Id));
        Assert.Equal(AppointmentStatus.Cancelled, await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).SingleAsync()));
        // Cancelled, the NIK may book the same service again.
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/bookings", ApiBody(slot.Id, Nik(1)))).StatusCode);
    }

    [Fact]
    public async Task Two_hundred_simultaneous_bookings_for_twenty_places_give_twenty_201_and_a_hundred_and_eighty_409()
    {
        var slot = await SlotAsync(App);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Capacity, 20)));
        using var api = App.CreateClient();
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(1, 200).Select(async i =>
        {
            await start.WaitAsync();
            return (await api.PostAsJsonAsync("/api/v1/bookings", ApiBody(slot.Id, Nik(i)))).StatusCode;
        }).ToList();
        start.Release(200);
        var statuses = await Task.WhenAll(tasks);

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(180, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(20, await AppointmentCountAsync(App));
        Assert.Equal(20, await BookedAsync(App, slot.Id));
    }
}
