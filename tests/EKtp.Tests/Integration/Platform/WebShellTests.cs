using System.Net;
using EKtp.Tests.Support;

namespace EKtp.Tests.Integration.Platform;

public class WebShellTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task The_home_page_is_in_Indonesian_by_default_and_English_when_chosen()
    {
        using var client = NewClient();
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("id", home.Document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Buat janji perekaman", home.Text);

        var switched = await client.SubmitAsync(home, "form[action='/culture']", new Dictionary<string, string> { ["culture"] = "en-US" });
        AssertRedirect(switched, "/");
        var english = await client.GetAsync("/");
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Book a recording appointment", english.Text);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        using var client = App.CreateClient();
        var response = await client.GetAsync("/");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task An_unknown_address_shows_the_not_found_page_in_the_layout()
    {
        using var client = NewClient();
        var page = await client.GetAsync("/tidak-ada");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Halaman tidak ditemukan", page.Text);
        Assert.NotNull(page.Document.QuerySelector("nav"));
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en-US" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Staff_pages_send_anonymous_visitors_to_sign_in()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/staff/sign-in", response.Headers.Location!.ToString());
    }
}
