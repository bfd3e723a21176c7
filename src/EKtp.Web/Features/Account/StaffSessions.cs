using System.Globalization;
using EKtp.Web.Features.TwoFactor;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Account;

/// <summary>
/// A staff session ends <see cref="StaffSecurityOptions.SessionHours"/> after sign-in however active it was, besides
/// the 30-minute idle limit of the sliding cookie. The sign-in time travels in the cookie's protected properties; the
/// sliding renewal and the security-stamp refresh keep it, only a new sign-in sets it again.
/// </summary>
public static class StaffSessions
{
    private const string SignedInAt = "ektp.signed_in_at";

    public static IServiceCollection AddStaffSessions(this IServiceCollection services)
    {
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure<IOptionsMonitor<StaffSecurityOptions>, TimeProvider>((o, security, clock) =>
            {
                var signingIn = o.Events.OnSigningIn;
                o.Events.OnSigningIn = context =>
                {
                    context.Properties.Items[SignedInAt] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                    return signingIn(context);
                };
                var validate = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = async context =>
                {
                    var lifetime = TimeSpan.FromHours(security.CurrentValue.SessionHours);
                    if (!context.Properties.Items.TryGetValue(SignedInAt, out var value)
                        || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                        || clock.GetUtcNow() - at > lifetime)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }
                    await validate(context);
                };
            });
        return services;
    }
}
