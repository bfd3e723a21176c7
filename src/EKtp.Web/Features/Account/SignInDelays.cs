using System.Security.Cryptography;
using System.Text;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Account;

/// <summary>
/// The per-account budget of staff sign-in (decision 1305): after a few wrong passwords in 24 hours each further try for
/// that email must wait, 30 seconds at first and doubling up to 15 minutes, instead of a fixed lockout that anyone who
/// knows a colleague's email could trigger at will for as long as they liked. The count is in the database, so it holds
/// across instances and restarts; an email with no account is counted the same way, so the answers tell nothing.
/// </summary>
public sealed class SignInDelays(EKtpDbContext db, TimeProvider clock, IOptionsMonitor<StaffSecurityOptions> options)
{
    private static readonly TimeSpan CountResetsAfter = TimeSpan.FromHours(24);

    /// <summary>Whether this email must still wait before its next try.</summary>
    public async Task<bool> MustWaitAsync(string email, CancellationToken ct)
    {
        var key = KeyOf(email);
        var now = clock.GetUtcNow();
        return await db.SignInThrottles.AsNoTracking().AnyAsync(t => t.Key == key && t.BlockedUntil > now, ct);
    }

    public async Task RecordFailureAsync(string email, CancellationToken ct)
    {
        var key = KeyOf(email);
        var now = clock.GetUtcNow();
        var resetBefore = now - CountResetsAfter;
        // One statement, so concurrent failures from several instances each count.
        var failures = (await db.Database.SqlQuery<int>($"""
            INSERT INTO sign_in_throttles (key, failures, last_failure_at) VALUES ({key}, 1, {now})
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN sign_in_throttles.last_failure_at < {resetBefore} THEN 1 ELSE sign_in_throttles.failures + 1 END,
                last_failure_at = excluded.last_failure_at
            RETURNING failures AS "Value"
            """).ToListAsync(ct)).Single();
        var o = options.CurrentValue;
        if (failures < o.FreeSignInAttempts) return;
        var doublings = Math.Min(failures - o.FreeSignInAttempts, 20);
        var delay = TimeSpan.FromSeconds(Math.Min(o.SignInDelaySeconds * Math.Pow(2, doublings), o.MaxSignInDelayMinutes * 60.0));
        var until = now + delay;
        await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(u => u.SetProperty(t => t.BlockedUntil, until), ct);
    }

    /// <summary>A right password clears the count.</summary>
    public Task ResetAsync(string email, CancellationToken ct)
    {
        var key = KeyOf(email);
        return db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
    }

    // A hash, not the email: the table then holds neither staff addresses nor whatever strangers typed.
    private static string KeyOf(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));
}
