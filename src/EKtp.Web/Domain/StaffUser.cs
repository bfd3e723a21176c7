using Microsoft.AspNetCore.Identity;

namespace EKtp.Web.Domain;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Head = "Head";
    public const string Operator = "Operator";
    public static readonly string[] All = [Admin, Head, Operator];
}

/// <summary>A staff account. Residents have none.</summary>
public class StaffUser : IdentityUser<Guid>
{
    public StaffUser() => Id = Guid.CreateVersion7();

    public string DisplayName { get; set; } = "";
    public string RegencyCode { get; set; } = "";
    /// <summary>An Operator works at exactly one service point.</summary>
    public Guid? ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public bool IsDisabled { get; set; }
}

/// <summary>
/// Failed sign-ins for one email (known or not), keyed by a hash of it, so every portal instance shares the budget and
/// an unknown email is throttled exactly like a real one.
/// </summary>
public class SignInThrottle
{
    public required string Key { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset? BlockedUntil { get; set; }
}
