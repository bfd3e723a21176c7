using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EKtp.Tests.Integration.Platform;

/// <summary>Behind a reverse proxy the rate limit counts each resident's address, and only a known proxy may name it.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class ProxyHeadersTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Proxy = "10.0.0.5";
    /// <summary>Test-only: the address the connection seems to come from (the test server has no real socket).</summary>
    private const string ConnectionFrom = "X-Test-Connection-From";

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_limit()
    {
        await using var portal = PortalBehindProxy();
        using var client = portal.CreateClient();

        var first = await StatusCodesAsync(client, from: Proxy, forwardedFor: "203.0.113.1", times: 4);
        var second = await StatusCodesAsync(client, from: Proxy, forwardedFor: "203.0.113.2", times: 1);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.OK], second);
    }

    [Fact]
    public async Task A_client_that_is_not_a_known_proxy_cannot_escape_its_limit_by_writing_the_header()
    {
        await using var portal = PortalBehindProxy();
        using var client = portal.CreateClient();

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            codes.AddRange(await StatusCodesAsync(client, from: "198.51.100.7", forwardedFor: $"203.0.113.{10 + i}", times: 1));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
    }

    [Theory]
    [InlineData(Proxy, true)]
    [InlineData("198.51.100.7", false)]
    public async Task Tls_at_a_known_proxy_gets_hsts_and_secure_cookies_and_a_stranger_cannot_claim_it(string from, bool believed)
    {
        await using var portal = PortalBehindProxy();
        using var client = portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/staff/sign-in");
        request.Headers.Add(ConnectionFrom, from);
        request.Headers.Add("X-Forwarded-For", "203.0.113.1");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);

        Assert.Equal(believed, response.Headers.Contains("Strict-Transport-Security"));
        var antiforgery = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ektp.af="));
        Assert.Equal(believed, antiforgery.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_proxy_setting_that_is_not_an_address_stops_the_portal_with_the_settings_name()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "nginx.local" })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEKtpProxyHeaders(configuration));
        Assert.Contains("ForwardedHeaders:KnownProxies", error.Message);
    }

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> PortalBehindProxy()
    {
        var portal = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("ForwardedHeaders:KnownProxies:0", Proxy);
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ConnectionAddressFromHeader>());
        });
        var cache = portal.Services.GetRequiredService<IOptionsMonitorCache<RateLimitingOptions>>();
        cache.TryRemove(Options.DefaultName);
        cache.TryAdd(Options.DefaultName, new RateLimitingOptions { Enabled = true, PermitsPerMinute = 3, PageViewPermitsPerMinute = 3 });
        return portal;
    }

    private static async Task<List<HttpStatusCode>> StatusCodesAsync(HttpClient client, string from, string forwardedFor, int times)
    {
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < times; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
            request.Headers.Add(ConnectionFrom, from);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request);
            codes.Add(response.StatusCode);
        }
        return codes;
    }

    /// <summary>Runs before the portal's pipeline and sets the connection's address, as a socket would.</summary>
    private sealed class ConnectionAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, Func<Task> nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ConnectionFrom, out var from))
                    context.Connection.RemoteIpAddress = IPAddress.Parse(from.ToString());
                return nextMiddleware();
            });
            next(app);
        };
    }
}
