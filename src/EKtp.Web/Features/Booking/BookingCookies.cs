using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// Short-lived, encrypted cookies that carry a booking from one request to the next without putting it in a URL:
/// the slip's code after post-redirect-get, the appointment found on /booking/manage, and the checked answers of the
/// personal-data form between its POST and the confirmation page's GET (so Back never lands on a POST answer).
/// </summary>
public sealed class BookingCookies(IDataProtectionProvider provider, TimeProvider clock)
{
    public const string SlipCookie = "ektp.slip";
    public const string ManageCookie = "ektp.manage";
    public const string DraftCookie = "ektp.draft";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("EKtp.Booking.Cookies").ToTimeLimitedDataProtector();

    public void SetSlip(HttpResponse response, string code) => Set(response, SlipCookie, code);
    public string? Slip(HttpRequest request) => Read(request, SlipCookie);
    public void SetManaged(HttpResponse response, Guid appointmentId) => Set(response, ManageCookie, appointmentId.ToString("N"));
    public Guid? Managed(HttpRequest request) => Guid.TryParseExact(Read(request, ManageCookie), "N", out var id) ? id : null;
    public static void ForgetManaged(HttpResponse response) => response.Cookies.Delete(ManageCookie);

    public void SetDraft(HttpResponse response, BookingInput input) => Set(response, DraftCookie, JsonSerializer.Serialize(input));
    public BookingInput? Draft(HttpRequest request) =>
        Read(request, DraftCookie) is { } json ? JsonSerializer.Deserialize<BookingInput>(json) : null;
    public static void ForgetDraft(HttpResponse response) => response.Cookies.Delete(DraftCookie);

    private void Set(HttpResponse response, string name, string value) =>
        response.Cookies.Append(name, _protector.Protect(name + ":" + value, clock.GetUtcNow().Add(Lifetime)), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps, IsEssential = true,
            MaxAge = Lifetime, Path = "/",
        });

    private string? Read(HttpRequest request, string name)
    {
        if (!request.Cookies.TryGetValue(name, out var raw)) return null;
        try
        {
            var value = _protector.Unprotect(raw, out var expires);
            // The data protector checks expiry against the wall clock; the portal's own clock decides here too.
            return expires > clock.GetUtcNow() && value.StartsWith(name + ":", StringComparison.Ordinal) ? value[(name.Length + 1)..] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
