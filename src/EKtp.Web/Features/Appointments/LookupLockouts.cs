using System.ComponentModel.DataAnnotations;
using EKtp.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Appointments;

public class LookupLockoutOptions
{
    public const string Section = "LookupLockout";

    /// <summary>Failed lookups of one booking code or one NIK, within <see cref="WindowHours"/>, that lock it.</summary>
    [Range(1, 1000)]
    public int MaxFailures { get; set; } = 5;

    [Range(1, 24 * 30)]
    public int WindowHours { get; set; } = 24;

    /// <summary>How long a locked code or NIK can be neither looked up, changed nor cancelled.</summary>
    [Range(1, 24 * 60 * 7)]
    public int LockMinutes { get; set; } = 60;
}

/// <summary>What a lookup may do: go ahead, or not before <see cref="LockedUntil"/>.</summary>
public sealed record LookupClaim(DateTimeOffset? LockedUntil, DateTimeOffset? LocksOnFailureUntil)
{
    public bool Allowed => LockedUntil is null;
}

/// <summary>
/// Failed lookups counted per booking code, per NIK and per KK number in PostgreSQL (decisions 1309, 1417), so the count holds across portal
/// instances and restarts and cannot be dodged by changing address. Every lookup claims one attempt on both keys in
/// one statement before it looks: concurrent guesses are serialised on the rows, and the attempt that reaches the limit
/// sets the lock at once, so a burst gets no more tries than a patient guesser. A lookup that finds the appointment
/// clears both counts; one that does not leaves its claim counted as a failure.
/// </summary>
public sealed class LookupLockouts(EKtpDbContext db, TimeProvider clock, IOptionsMonitor<LookupLockoutOptions> options)
{
    public static string CodeKey(string code) => "code:" + code;

    public static string NikKey(byte[] nikHash) => "nik:" + Convert.ToHexStringLower(nikHash);

    /// <summary>A KK number's key: its keyed hash in hex (the same HMAC as the NIK's), never the number.</summary>
    public static string KkKey(byte[] kkHash) => "kk:" + Convert.ToHexStringLower(kkHash);

    /// <summary>Claims one attempt for the code and the NIK, or answers until when either is locked (nothing counted then).</summary>
    public Task<LookupClaim> ClaimAsync(string code, byte[] nikHash, CancellationToken ct) =>
        ClaimAsync([CodeKey(code), NikKey(nikHash)], ct);

    /// <summary>
    /// Claims one attempt for each key (a code and a NIK, or a NIK and a KK number), or answers until when any of
    /// them is locked (nothing counted then). All keys are counted in one statement.
    /// </summary>
    public async Task<LookupClaim> ClaimAsync(string[] keys, CancellationToken ct)
    {
        var o = options.CurrentValue;
        keys = keys.Distinct().ToArray();
        var now = clock.GetUtcNow();
        var windowStart = now.AddHours(-o.WindowHours);
        var lockEnd = now.AddMinutes(o.LockMinutes);
        // A row starts over when its window has passed or its lock has run out. The DO UPDATE's WHERE reads the
        // latest version of a row, so a lock set by a concurrent claim is seen even if the first CTE missed it.
        // The keys are inserted in a fixed order, so two claims sharing keys take their row locks in the same order.
        var row = (await db.Database.SqlQuery<ClaimRow>($"""
            WITH held AS (
                SELECT max(locked_until) AS until FROM lookup_lockouts WHERE key = ANY({keys}) AND locked_until > {now}
            ), claimed AS (
                INSERT INTO lookup_lockouts AS t (key, failures, window_started_at, locked_until)
                SELECT v.k, 1, {now}, CASE WHEN {o.MaxFailures} <= 1 THEN {lockEnd} END
                FROM (SELECT DISTINCT k FROM unnest({keys}) AS u(k) ORDER BY k) AS v
                WHERE (SELECT until FROM held) IS NULL
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN t.window_started_at <= {windowStart} OR t.locked_until <= {now} THEN 1 ELSE t.failures + 1 END,
                    window_started_at = CASE WHEN t.window_started_at <= {windowStart} OR t.locked_until <= {now} THEN {now} ELSE t.window_started_at END,
                    locked_until = CASE WHEN (CASE WHEN t.window_started_at <= {windowStart} OR t.locked_until <= {now} THEN 1 ELSE t.failures + 1 END)
                        >= {o.MaxFailures} THEN {lockEnd} END
                WHERE t.locked_until IS NULL OR t.locked_until <= {now}
                RETURNING t.locked_until
            )
            SELECT (SELECT count(*) FROM claimed)::int AS claimed, (SELECT max(locked_until) FROM claimed) AS locks_at,
                   (SELECT until FROM held) AS held_until
            """).ToListAsync(ct)).Single();
        if (row.HeldUntil is { } held) return new(held, null);
        // A concurrent claim locked one of the rows between the look and the claim: refused like any locked try.
        if (row.Claimed < keys.Length) return new(await LockedUntilAsync(keys, ct) ?? lockEnd, null);
        return new(null, row.LocksAt);
    }

    /// <summary>The appointment was found: the code's and the NIK's counts start over.</summary>
    public Task SucceededAsync(string code, byte[] nikHash, CancellationToken ct) => SucceededAsync([CodeKey(code), NikKey(nikHash)], ct);

    /// <summary>The lookup found what it asked for: the counts of its keys start over.</summary>
    public Task SucceededAsync(string[] keys, CancellationToken ct) =>
        db.LookupLockouts.Where(l => keys.Contains(l.Key)).ExecuteDeleteAsync(ct);

    /// <summary>Until when the code or the NIK is locked (the later of the two), or null when neither is.</summary>
    public Task<DateTimeOffset?> LockedUntilAsync(string code, byte[] nikHash, CancellationToken ct) =>
        LockedUntilAsync([CodeKey(code), NikKey(nikHash)], ct);

    /// <summary>Until when any of the keys is locked (the latest), or null when none is.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string[] keys, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.LookupLockouts.AsNoTracking().Where(l => keys.Contains(l.Key) && l.LockedUntil > now)
            .MaxAsync(l => l.LockedUntil, ct);
    }

    /// <summary>Lifts the lock of a code or a NIK at once (an Admin at the office), and clears its count.</summary>
    public Task<int> LiftAsync(string key, CancellationToken ct) => db.LookupLockouts.Where(l => l.Key == key).ExecuteDeleteAsync(ct);

    // Read by the snake_case naming convention: claimed, locks_at, held_until.
    private sealed class ClaimRow
    {
        public int Claimed { get; set; }
        public DateTimeOffset? LocksAt { get; set; }
        public DateTimeOffset? HeldUntil { get; set; }
    }
}
