namespace EKtp.Web.Infrastructure;

/// <summary>
/// Transport hygiene (decision 1306): HSTS and <c>Secure</c> cookies whenever the request came over TLS, directly or
/// through a known proxy's <c>X-Forwarded-Proto</c> (ProxyHeaders runs first); no <c>Server</c> header; only the host
/// names in <c>AllowedHosts</c> are served (ASP.NET Core's host filtering answers any other <c>Host</c> with 400, so a
/// forged one never reaches a redirect).
/// </summary>
public static class Transport
{
    public static WebApplicationBuilder AddEKtpTransport(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            // The portal's own host names come from AllowedHosts; a test or a field node on "localhost" over TLS is still TLS.
            o.ExcludedHosts.Clear();
        });
        // Every cookie (antiforgery, culture, TempData, booking counters, sign-in) is Secure on a TLS request, whatever
        // its own options say; on plain HTTP (a field node's LAN, development) it still works.
        builder.Services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    public static IApplicationBuilder UseEKtpTransport(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseCookiePolicy();
        return app;
    }
}
