using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.Shared;

/// <summary>
/// The footer's language switch: sets only the culture cookie and goes back to the page. A GET, because it changes
/// nothing on the server (no row, no audit, no counter): it mints no antiforgery token on every page (decision 1701).
/// </summary>
[AllowAnonymous]
public sealed class CultureController : Controller
{
    [HttpGet("/culture")]
    public IActionResult Set([FromQuery] string? culture, [FromQuery] string? returnUrl)
    {
        if (Infrastructure.ServiceRegistration.SupportedCultures.Any(c => c.Name == culture))
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        // A redirect that sets a cookie is the visitor's own: never kept by a cache.
        Response.Headers.CacheControl = "no-store";
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
