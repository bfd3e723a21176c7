using System.Net;
using System.Net.Http.Json;
using EKtp.Tests.Integration.Booking;
using EKtp.Tests.Support;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.ServiceStatus;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EKtp.Tests.Integration.Platform;

/// <summary>A server error is a server error (500 or 503), not the empty 400 of the antiforgery filter on /error.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class ErrorAnswerTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private sealed class BrokenValidator : AbstractValidator<LookupInput>
    {
        public override Task<ValidationResult> ValidateAsync(ValidationContext<LookupInput> context, CancellationToken cancellation = default) =>
            throw new InvalidOperationException("A bug, for the test.");
    }

    [Fact]
    public async Task A_form_post_that_fails_on_the_server_answers_the_error_page_with_500()
    {
        await using var portal = App.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<IValidator<LookupInput>>();
            s.AddSingleton<IValidator<LookupInput>, BrokenValidator>();
        }));
        using var client = new PageClient(portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        var form = await client.GetAsync(ServiceStatusController.MyAppointmentPath);

        var page = await PageClient.ReadAsync(await client.SubmitAsync(form, "form[action='/service-status/my-appointment']",
            new Dictionary<string, string> { ["Code"] = "PSM-7K3Q2XQ", ["Nik"] = BookingTestData.Nik() }));

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Contains("Maaf, terjadi kesalahan", page.Text);
        Assert.NotNull(page.Document.QuerySelector("nav"));
    }

    [Fact]
    public async Task An_api_booking_while_the_database_is_unreachable_answers_503_problem_details_with_retry_after()
    {
        var slot = await BookingTestData.SlotAsync(App);
        // The proxy is never started: its port refuses connections, as a stopped database does.
        var (proxy, portal) = App.ThroughProxy();
        await using var _ = proxy;
        await using var __ = portal;
        using var client = portal.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/bookings", BookingTestData.ApiBody(slot.Id, BookingTestData.Nik()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("tidak tersedia", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_form_sent_without_its_antiforgery_token_gets_a_page_that_leads_back_to_the_form()
    {
        using var client = NewClient();
        var response = await client.Http.PostAsync(ServiceStatusController.MyAppointmentPath,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "PSM-7K3Q2XQ" }));
        var page = await PageClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("Formulir sudah kedaluwarsa", page.Text);
        Assert.NotNull(page.Document.QuerySelector($"a[href='{ServiceStatusController.MyAppointmentPath}']"));
        Assert.Equal("id", page.Document.DocumentElement.GetAttribute("lang"));
    }
}
