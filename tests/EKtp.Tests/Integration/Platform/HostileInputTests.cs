using System.Net;
using System.Net.Http.Json;
using System.Text;
using EKtp.Tests.Integration.Booking;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.ServiceStatus;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Platform;

/// <summary>Hostile text is refused with a 400 and a sentence, before it can reach PostgreSQL or model binding.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class HostileInputTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string NulMessage = "karakter kosong (NUL)";

    private async Task<PageResult> PostMyAppointmentAsync(Dictionary<string, string> fields)
    {
        using var client = NewClient();
        var form = await client.GetAsync(ServiceStatusController.MyAppointmentPath);
        return await PageClient.ReadAsync(await client.PostAsync(ServiceStatusController.MyAppointmentPath, form, fields));
    }

    [Fact]
    public async Task A_nul_in_a_form_field_is_refused_with_a_page_that_says_why()
    {
        var page = await PostMyAppointmentAsync(new() { ["Code"] = "PSM-7K3Q\u00002XQ", ["Nik"] = BookingTestData.Nik() });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains(NulMessage, page.Document.QuerySelector("[data-refusal]")?.TextContent);
        Assert.Equal("id", page.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task A_form_field_name_model_binding_cannot_parse_is_refused()
    {
        var page = await PostMyAppointmentAsync(new() { ["Code"] = "PSM-7K3Q2XQ", ["a[b"] = "1" });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("nama isian yang tidak sah", page.Text);
    }

    [Theory]
    [InlineData("/booking/slots?service=new-recording&point=%00")]
    [InlineData("/service-status?point=%00")]
    public async Task A_nul_in_the_query_string_is_refused(string address)
    {
        using var client = NewClient();
        var page = await client.GetAsync(address);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains(NulMessage, page.Text);
    }

    [Fact]
    public async Task A_nul_in_a_json_string_is_refused_with_problem_details()
    {
        using var client = App.CreateClient();
        var response = await client.PostAsync("/api/v1/bookings/lookup",
            new StringContent("{\"code\":\"PSM-7K3Q2XQ\",\"nik\":\"130805150590\\u00000001\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(NulMessage, (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_escaped_backslash_before_u0000_is_text_not_a_nul()
    {
        using var client = App.CreateClient();
        var response = await client.PostAsync("/api/v1/bookings/lookup",
            new StringContent("{\"code\":\"PSM\\\\u0000\",\"nik\":\"" + BookingTestData.Nik() + "\"}", Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.DoesNotContain(NulMessage, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_in_utf16_with_an_odd_length_body_is_refused_not_crashed_on()
    {
        using var client = App.CreateClient();
        var body = new ByteArrayContent([0x7B, 0x00, 0x22]);
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-16");
        var response = await client.PostAsync("/api/v1/bookings", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_nik_typed_into_free_text_is_stored_masked_and_long_text_is_cut_to_the_column()
    {
        var pointId = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync());
        var today = new DateOnly(2027, 3, 10);
        await App.WithDbAsync(async db =>
        {
            db.Closures.Add(new ServicePointClosure
            {
                ServicePointId = pointId, From = today, To = today,
                Reason = "Warga NIK 1308051505900001 dan KK 1308-0512-3456-0002 minta dicek " + new string('x', 400),
            });
            await db.SaveChangesAsync();
        });

        var stored = await App.WithDbAsync(db => db.Database
            .SqlQuery<string>($"SELECT reason AS \"Value\" FROM closures").SingleAsync());
        Assert.StartsWith("Warga NIK 1308 **** **** 0001 dan KK 1308 **** **** 0002 minta dicek", stored);
        Assert.Equal(300, stored.Length);
        Assert.DoesNotContain("130805150590", stored);
    }
}
