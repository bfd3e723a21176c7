using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Api;

[Collection(PlatformDatabaseCollection.Name)]
public class ServicePointsApiTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task The_seeded_fifteen_service_points_are_listed_with_their_kind_and_status()
    {
        using var client = App.CreateClient();
        var points = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/service-points");

        Assert.NotNull(points);
        Assert.Equal(15, points.Length);
        Assert.Single(points, p => p.GetProperty("kind").GetString() == "district-office");
        Assert.Equal(12, points.Count(p => p.GetProperty("kind").GetString() == "kecamatan-office"));
        Assert.Equal(2, points.Count(p => p.GetProperty("kind").GetString() == "mobile-unit"));
        var dpks = points.Single(p => p.GetProperty("code").GetString() == "dpks");
        Assert.Equal("13.08.05", dpks.GetProperty("regionCode").GetString());
        // Monday 08:00 WIB: offices are open, mobile units without a stop today are closed.
        Assert.Equal("open", dpks.GetProperty("status").GetString());
        Assert.Equal("closed", points.Single(p => p.GetProperty("code").GetString() == "mobil-1").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Slots_are_listed_in_WIB_with_their_capacity_and_room()
    {
        using var client = App.CreateClient();
        var slots = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/service-points/kec-rao/slots?from=2027-03-02&to=2027-03-02");

        Assert.NotNull(slots);
        Assert.Equal(15, slots.Length);
        Assert.Equal("2027-03-02T07:30:00+07:00", slots[0].GetProperty("start").GetString());
        Assert.Equal("2027-03-02T08:00:00+07:00", slots[0].GetProperty("end").GetString());
        Assert.Equal(3, slots[0].GetProperty("capacity").GetInt32());
        Assert.Equal(3, slots[0].GetProperty("available").GetInt32());
        Assert.True(Guid.TryParse(slots[0].GetProperty("id").GetString(), out _));
    }

    [Fact]
    public async Task A_bad_date_range_is_a_validation_problem_and_an_unknown_point_is_not_found()
    {
        using var client = App.CreateClient();
        var bad = await client.GetAsync("/api/v1/service-points/dpks/slots?from=2027-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));

        var missing = await client.GetAsync("/api/v1/service-points/nowhere/slots");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}

public class SlotsApiTellsTheTruthTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Today = new(2027, 3, 1);

    private async Task<JsonElement[]> SlotsAsync(string query)
    {
        using var client = App.CreateClient();
        return (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/service-points/kec-rao/slots?" + query))!;
    }

    private static async Task<HttpResponseMessage> BookAsync(HttpClient api, Guid slotId, int serial) =>
        await api.PostAsJsonAsync("/api/v1/bookings", Booking.BookingTestData.ApiBody(slotId, Booking.BookingTestData.Nik(serial)));

    [Fact]
    public async Task Todays_full_and_closed_slots_are_not_offered_and_every_offered_slot_can_be_booked()
    {
        var tomorrow = await App.WithDbAsync(db => db.Slots.Where(s => s.ServicePoint!.Code == "kec-rao" && s.Date == Today.AddDays(1))
            .OrderBy(s => s.StartsAt).Select(s => s.Id).Take(2).ToListAsync());
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == tomorrow[0]).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity)));
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == tomorrow[1]).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true)));

        var offered = await SlotsAsync("from=2027-03-01&to=2027-03-02");
        Assert.NotEmpty(offered);
        Assert.All(offered, s => Assert.StartsWith("2027-03-02", s.GetProperty("start").GetString()));
        Assert.All(offered, s => Assert.True(s.GetProperty("bookable").GetBoolean()));
        Assert.DoesNotContain(offered, s => tomorrow.Contains(s.GetProperty("id").GetGuid()));

        using var api = App.CreateClient();
        var serial = 1;
        foreach (var slot in offered)
            Assert.Equal(HttpStatusCode.Created, (await BookAsync(api, slot.GetProperty("id").GetGuid(), serial++)).StatusCode);
    }

    [Fact]
    public async Task With_include_unbookable_every_slot_is_listed_with_the_reason_it_cannot_be_booked()
    {
        var tomorrowFirst = await App.WithDbAsync(db => db.Slots.Where(s => s.ServicePoint!.Code == "kec-rao" && s.Date == Today.AddDays(1))
            .OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == tomorrowFirst).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true)));

        var all = await SlotsAsync("from=2027-03-01&to=2027-03-02&include=unbookable");
        string? ReasonAt(string start) => all.Single(s => s.GetProperty("start").GetString() == start) is var s && s.GetProperty("bookable").GetBoolean()
            ? null : s.GetProperty("reason").GetString();

        Assert.Equal("past", ReasonAt("2027-03-01T07:30:00+07:00"));      // it is 08:00 WIB
        Assert.Equal("today", ReasonAt("2027-03-01T09:00:00+07:00"));
        Assert.Equal("closed", ReasonAt("2027-03-02T07:30:00+07:00"));
        Assert.Null(ReasonAt("2027-03-02T08:00:00+07:00"));

        using var client = App.CreateClient();
        var unknown = await client.GetAsync("/api/v1/service-points/kec-rao/slots?include=everything");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("include", out _));
    }

    [Fact]
    public async Task Booking_a_slot_of_today_says_so_and_points_to_the_counter_not_that_it_closed()
    {
        var today = await App.WithDbAsync(db => db.Slots.Where(s => s.ServicePoint!.Code == "kec-rao" && s.Date == Today && s.StartsAt > App.Clock.GetUtcNow())
            .Select(s => s.Id).FirstAsync());
        using var api = App.CreateClient();
        var response = await BookAsync(api, today, 1);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("slot-today", problem.GetProperty("type").GetString());
        Assert.Contains("datang langsung, Anda dilayani di loket", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("sejak Anda memilihnya", problem.GetProperty("title").GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.Appointments.CountAsync()));
    }
}
