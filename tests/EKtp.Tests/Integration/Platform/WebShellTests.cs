using System.Net;
using EKtp.Tests.Support;

namespace EKtp.Tests.Integration.Platform;

[Collection(PlatformDatabaseCollection.Name)]
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
        var response = await client.PostAsync("/booking/manage", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "PSM-3333333" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_language_switch_is_a_get_form_so_a_page_without_other_forms_mints_no_antiforgery_token()
    {
        using var client = NewClient();
        var slots = await client.GetAsync("/booking/slots?service=new-recording&point=dpks");

        var form = slots.Document.QuerySelector("form[action='/culture']")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Empty(slots.Document.QuerySelectorAll("input[name='__RequestVerificationToken']"));
        Assert.False(slots.Response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ektp.af=")));
        // Forms that change something still carry their token.
        var manage = await client.GetAsync("/booking/manage");
        Assert.NotNull(manage.Document.QuerySelector("form[method='post'] input[name='__RequestVerificationToken']"));
    }

    [Fact]
    public async Task The_language_switch_sets_only_the_culture_cookie_and_goes_back_only_to_a_local_page()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var switched = await client.GetAsync("/culture?culture=en-US&returnUrl=%2Fstatus");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/status", switched.Headers.Location!.ToString());
        Assert.Equal(".AspNetCore.Culture", switched.Headers.GetValues("Set-Cookie").Single().Split('=')[0]);
        Assert.Contains("no-store", switched.Headers.CacheControl!.ToString());

        var away = await client.GetAsync("/culture?culture=en-US&returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/", away.Headers.Location!.ToString());
        var unknown = await client.GetAsync("/culture?culture=fr-FR&returnUrl=%2F");
        Assert.False(unknown.Headers.Contains("Set-Cookie"));
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
