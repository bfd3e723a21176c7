using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EKtp.Tests.Support;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Platform;

/// <summary>Issue 13, item 11: page views, form submissions, the API and API keys each have their own budget (decision 1311).</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class RateLimitTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string KioskKey = "kiosk-test-key-0123456789";

    private WebApplicationFactory<Program> Portal(int forms = 3, int views = 20, int kiosk = 10) => App.WithWebHostBuilder(b =>
    {
        b.UseSetting("RateLimiting:Enabled", "true");
        b.UseSetting("RateLimiting:PermitsPerMinute", forms.ToString());
        b.UseSetting("RateLimiting:PageViewPermitsPerMinute", views.ToString());
        b.UseSetting("RateLimiting:ApiKeys:0:Name", "kiosk-test");
        b.UseSetting("RateLimiting:ApiKeys:0:Sha256", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(KioskKey))));
        b.UseSetting("RateLimiting:ApiKeys:0:PermitsPerMinute", kiosk.ToString());
    });

    private static Dictionary<string, string> Lookup(string code) => new() { ["Code"] = code, ["Nik"] = Nik(1) };

    [Fact]
    public async Task Page_views_do_not_use_up_the_budget_of_form_submissions()
    {
        await using var portal = Portal(forms: 3, views: 20);
        using var client = new PageClient(portal.CreateClient(new() { AllowAutoRedirect = false }));

        var views = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++) views.Add((await client.GetAsync("/booking")).Status);
        var form = await client.GetAsync("/status");
        var posts = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) posts.Add((await PageClient.ReadAsync(await client.SubmitAsync(form, "#lookup-form", Lookup("PSM-2222222")))).Status);
        var refused = await PageClient.ReadAsync(await client.SubmitAsync(form, "#lookup-form", Lookup("PSM-2222222")));
        var stillViewing = await client.GetAsync("/booking");

        Assert.All(views, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(posts, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.NotNull(refused.Response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, stillViewing.Status);
    }

    [Fact]
    public async Task A_refused_form_is_shown_in_the_layout_with_what_was_typed_ready_to_send_again()
    {
        await using var portal = Portal(forms: 1);
        using var client = new PageClient(portal.CreateClient(new() { AllowAutoRedirect = false }));
        var form = await client.GetAsync("/status");
        await client.SubmitAsync(form, "#lookup-form", Lookup("PSM-2222222"));

        var refused = await PageClient.ReadAsync(await client.SubmitAsync(form, "#lookup-form", Lookup("PSM-3333333")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.NotNull(refused.Document.QuerySelector("nav"));
        Assert.Contains("Isian Anda tidak hilang", refused.Document.QuerySelector("#rate-limited-message")!.TextContent);
        var again = refused.Document.QuerySelector("#resubmit-form")!;
        Assert.Equal("/status", again.GetAttribute("action"));
        Assert.Equal("PSM-3333333", again.QuerySelector("input[name='Code']")!.GetAttribute("value"));
        Assert.Single(again.QuerySelectorAll("input[name='__RequestVerificationToken']"));
        Assert.Contains("no-store", refused.Response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_API_without_a_key_has_the_per_address_budget_and_answers_429_problem_details_with_Retry_After()
    {
        await using var portal = Portal(forms: 3);
        using var api = portal.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) answers.Add(await api.PostAsJsonAsync("/api/v1/bookings/lookup", new { code = "PSM-2222222", nik = Nik(1) }));

        Assert.All(answers.Take(3), r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var refused = answers[3];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_kiosk_with_an_API_key_has_its_own_budget_and_a_wrong_key_counts_as_none()
    {
        await using var portal = Portal(forms: 2, kiosk: 6);
        using var kiosk = portal.CreateClient();
        kiosk.DefaultRequestHeaders.Add(RateLimits.ApiKeyHeader, KioskKey);
        using var stranger = portal.CreateClient();
        stranger.DefaultRequestHeaders.Add(RateLimits.ApiKeyHeader, KioskKey + "x");

        var strangers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) strangers.Add((await stranger.GetAsync("/api/v1/service-points")).StatusCode);
        var kiosks = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) kiosks.Add((await kiosk.GetAsync("/api/v1/service-points")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], strangers);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 6).Append(HttpStatusCode.TooManyRequests), kiosks);
    }

    private const string AnyHash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Theory]
    [InlineData("", AnyHash, 10, "Name")]
    [InlineData("kiosk", "not-hex", 10, "Sha256")]
    [InlineData("kiosk", AnyHash, 0, "PermitsPerMinute")]
    public void An_API_key_setting_that_cannot_work_is_refused_with_what_to_set(string name, string sha256, int permits, string field)
    {
        var options = new RateLimitingOptions { ApiKeys = [new ApiKeyOptions { Name = name, Sha256 = sha256, PermitsPerMinute = permits }] };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains($"RateLimiting:ApiKeys:0:{field}"));
    }
}
