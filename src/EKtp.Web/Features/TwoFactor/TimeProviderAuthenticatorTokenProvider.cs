using System.Globalization;
using EKtp.Web.Domain;
using EKtp.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.TwoFactor;

/// <summary>
/// The authenticator-app token provider, on the injected <see cref="TimeProvider"/> (Identity's own reads the system
/// clock, which tests cannot move). A code is accepted once: the step it belongs to is remembered, so a code seen over
/// someone's shoulder cannot be replayed within its 90 seconds (ASVS 2.8.4).
/// </summary>
public sealed class TimeProviderAuthenticatorTokenProvider(TimeProvider clock, EKtpDbContext db, TotpReplay replay)
    : IUserTwoFactorTokenProvider<StaffUser>
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
        // Claim the step in one statement: of two requests with the same code at the same moment exactly one wins, and
        // the other is told the code was used (not a concurrency error from saving the user row twice).
        var value = step.Value.ToString(CultureInfo.InvariantCulture);
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO staff_user_tokens (user_id, login_provider, name, value) VALUES ({user.Id}, {LoginProvider}, {LastStepToken}, {value})
            ON CONFLICT (user_id, login_provider, name) DO UPDATE SET value = excluded.value
            WHERE staff_user_tokens.value::bigint < excluded.value::bigint
            """);
        if (claimed == 0) replay.Seen = true;
        return claimed == 1;
    }
}

/// <summary>Set when the code given in this request was right but already used, so the page can say so.</summary>
public sealed class TotpReplay
{
    public bool Seen { get; set; }
}
