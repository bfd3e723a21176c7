namespace EKtp.Web.Domain;

/// <summary>
/// The failed lookups of one booking code or one NIK (decision 1309). <see cref="Key"/> is <c>code:PSM-…</c> or
/// <c>nik:</c> and the NIK's keyed hash in hex, never the NIK. While <see cref="LockedUntil"/> is ahead, that code or
/// NIK can be neither looked up, changed nor cancelled.
/// </summary>
public class LookupLockout
{
    public required string Key { get; set; }
    /// <summary>Lookups tried since <see cref="WindowStartedAt"/> that did not find an appointment (the one in progress included).</summary>
    public int Failures { get; set; }
    public DateTimeOffset WindowStartedAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}
