using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Support;

namespace EKtp.Tests.Integration.Api;

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
