using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;

namespace EKtp.Tests.Integration.Platform;

/// <summary>HSTS and Secure cookies over TLS, only the configured host names, and no address echoed into a redirect.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class TransportTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private PageClient TlsClient() =>
        new(App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") }));

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Fact]
    public async Task Over_tls_hsts_is_sent_and_every_cookie_is_secure()
    {
        var user = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = TlsClient();
        var signInPage = await client.GetAsync("/staff/sign-in");
        var signedIn = await client.SubmitAsync(signInPage, "form[action='/staff/sign-in']",
            new Dictionary<string, string> { ["Email"] = user.Email!, ["Password"] = StaffAccounts.Password });
        var home = await client.GetAsync("/");
        var culture = await client.SubmitAsync(home, "form[action='/culture']", new Dictionary<string, string> { ["culture"] = "en-US" });

        Assert.Contains("max-age=", string.Join(",", signInPage.Response.Headers.GetValues("Strict-Transport-Security")));
        var cookies = Cookies(signInPage.Response).Concat(Cookies(signedIn)).Concat(Cookies(culture)).ToList();
        Assert.Contains(cookies, c => c.StartsWith("ektp.af="));
        Assert.Contains(cookies, c => c.StartsWith("ektp.staff="));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture="));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Over_plain_http_no_hsts_is_sent()
    {
        using var client = NewClient();
        var page = await client.GetAsync("/staff/sign-in");
        Assert.False(page.Response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_host_name_not_in_allowed_hosts_is_refused()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/staff");
        request.Headers.Host = "phishing.example";
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/status/1308.0515.0590.0001")]
    [InlineData("/staff/tidak-ada.php")]
    public async Task An_unknown_address_that_looks_like_a_file_is_a_404_not_a_sign_in_redirect_carrying_it(string address)
    {
        using var client = NewClient();
        var page = await client.GetAsync(address);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Null(page.Response.Headers.Location);
        Assert.Contains("Halaman tidak ditemukan", page.Text);
    }
}

/// <summary>On Kestrel itself: the response does not name the server software.</summary>
[Collection(BrowserCollection.Name)]
public class KestrelHeaderTests(KestrelAppFactory app)
{
    [Fact]
    public async Task Responses_carry_no_server_header()
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };
        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
    }
}
