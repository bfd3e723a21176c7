using System.Globalization;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace EKtp.Web.Features.TwoFactor;

/// <summary>
/// The authenticator-app token provider, on the injected <see cref="TimeProvider"/> (Identity's own reads the system
/// clock, which tests cannot move). A code is accepted once: the step it belongs to is remembered, so a code seen over
/// someone's shoulder cannot be replayed within its 90 seconds (ASVS 2.8.4).
/// </summary>
public sealed class TimeProviderAuthenticatorTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<StaffUser>
{
    private const string LoginProvider = "EKtp";
    private const string LastStepToken = "TotpLastStep";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // The app on the phone generates the code; the server never sends one.
    public Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = new string((token ?? "").Where(char.IsAsciiDigit).ToArray());
        if (string.IsNullOrWhiteSpace(key) || code.Length != 6) return false;
        var step = Totp.MatchingStep(Base32.Decode(key), code, clock.GetUtcNow());
        if (step is null) return false;
        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepToken);
        if (long.TryParse(last, CultureInfo.InvariantCulture, out var used) && step <= used) return false;
        await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepToken, step.Value.ToString(CultureInfo.InvariantCulture));
        return true;
    }
}
