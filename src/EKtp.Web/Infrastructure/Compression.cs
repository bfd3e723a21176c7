using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Compresses the HTML (and JSON) the portal renders, Brotli or gzip at their fastest levels. Static files are not
/// compressed here: MapStaticAssets serves the copies compressed at build time. BREACH (decision 1402): a response
/// is compressed only when it holds no secret of the visitor that a guessed, reflected request could probe — a GET
/// without the staff sign-in or booking cookies. Its one secret is then the antiforgery token of a POST form, if it has one (the language form is a GET and has none, decision 1701), which data protection
/// encrypts afresh (random key modifier and IV) in every response, so its bytes never repeat.
/// </summary>
public static class Compression
{
    /// <summary>Cookies whose presence means the page may show a booking code or personal data.</summary>
    public static readonly string[] PrivateCookies = ["ektp.staff", EKtp.Web.Features.Booking.BookingCookies.SlipCookie,
        EKtp.Web.Features.Booking.BookingCookies.ManageCookie];

    public static IServiceCollection AddEKtpCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "application/json", "application/problem+json", "text/plain"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddSingleton<IResponseCompressionProvider, PublicOnlyCompressionProvider>();
        return services;
    }

    private sealed class PublicOnlyCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && !PrivateCookies.Any(context.Request.Cookies.ContainsKey)
            && base.ShouldCompressResponse(context);
    }
}
