using System.Net;
using System.Text.RegularExpressions;
using EKtp.Tests.Support;

namespace EKtp.Tests.Integration.Platform;

/// <summary>Issue 14, item 1: what a resident's phone downloads on a first visit (decisions 1401–1403).</summary>
public partial class LightPagesTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const int FirstViewBudget = 50 * 1024;

    [Fact]
    public async Task Fingerprinted_assets_are_served_precompressed_and_cached_for_a_year()
    {
        using var client = App.CreateClient();
        var assets = AssetUrls(await client.GetStringAsync("/"));
        Assert.Contains(assets, a => a.StartsWith("/css/resident.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            Assert.Matches(@"\.[a-z0-9]{8,}\.(css|svg|js)$", asset);
            // A build writes gzip copies; a publish adds Brotli ones (docs/benchmarks.md measures the published portal).
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.Add("Accept-Encoding", "gzip");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cache = response.Headers.CacheControl!;
            Assert.True(cache.MaxAge >= TimeSpan.FromDays(365) && cache.Extensions.Any(e => e.Name == "immutable"), $"{asset}: Cache-Control {cache}");
            Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
            Assert.True(response.Content.Headers.ContentLength < (await client.GetByteArrayAsync(asset)).Length, $"{asset} is not smaller compressed");
        }
    }

    [Fact]
    public async Task A_residents_first_view_of_each_page_is_under_50_KB_and_loads_no_bootstrap()
    {
        using var client = App.CreateClient();
        foreach (var path in new[] { "/", "/booking", "/booking/manage", "/status", "/service-status", "/mobile-visit" })
        {
            var (html, htmlBytes) = await FetchAsync(client, path);
            Assert.Equal("br", htmlBytes.Encoding);
            var total = htmlBytes.Length;
            foreach (var asset in AssetUrls(html)) total += (await FetchAsync(client, asset)).Bytes.Length;
            Assert.DoesNotContain("bootstrap", html);
            Assert.True(total <= FirstViewBudget, $"{path}: {total} bytes transferred on a first view");
        }
    }

    [Fact]
    public async Task Staff_pages_keep_bootstrap_and_heavy_scripts_are_minified()
    {
        using var client = App.CreateClient();
        Assert.Contains("/lib/bootstrap/bootstrap.", await client.GetStringAsync("/staff/sign-in"));
        foreach (var script in new[] { "/lib/jsqr/jsQR.min.js", "/lib/chartjs/chart.umd.min.js" })
        {
            var (body, fetched) = await FetchAsync(client, script);
            Assert.NotNull(fetched.Encoding);
            Assert.True(fetched.Length < 80 * 1024, $"{script}: {fetched.Length} bytes compressed");
            Assert.True(body.Split('\n').Length < 50, $"{script} is not minified");
        }
    }

    [Fact]
    public async Task Html_is_compressed_only_for_a_GET_that_carries_no_booking_or_staff_cookie()
    {
        using var client = App.CreateClient();
        Assert.Equal("br", (await FetchAsync(client, "/booking/manage")).Bytes.Encoding);
        foreach (var cookie in new[] { "ektp.slip=x", "ektp.manage=x", "ektp.staff=x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/booking/manage");
            request.Headers.Add("Accept-Encoding", "br, gzip");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(response.Content.Headers.ContentEncoding);
        }
    }

    private static async Task<(string Text, (int Length, string? Encoding) Bytes)> FetchAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Encoding", "br, gzip");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsByteArrayAsync();
        var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        using var decoded = encoding switch
        {
            "br" => (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(raw), System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(new MemoryStream(raw), System.IO.Compression.CompressionMode.Decompress),
            _ => new MemoryStream(raw),
        };
        return (await new StreamReader(decoded).ReadToEndAsync(), (raw.Length, encoding));
    }

    private static List<string> AssetUrls(string html) => AssetPattern().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex("(?:href|src)=\"(/(?:css|js|lib|favicon)[^\"]*)\"")]
    private static partial Regex AssetPattern();
}
