using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.Shared;

[AllowAnonymous]
public sealed class CultureController : Controller
{
    [HttpPost("/culture")]
    public IActionResult Set([FromForm] string culture, [FromForm] string? returnUrl)
    {
        if (Infrastructure.ServiceRegistration.SupportedCultures.Any(c => c.Name == culture))
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
