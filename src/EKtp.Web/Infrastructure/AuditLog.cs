using System.Security.Claims;
using EKtp.Web.Data;
using EKtp.Web.Domain;

namespace EKtp.Web.Infrastructure;

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    /// <summary>A staff member saw a resident's personal data unmasked.</summary>
    public const string ViewPersonalData = "view-personal-data";

    // Two-factor sign-in and staff accounts (issue 7).
    public const string TwoFactorSignIn = "two-factor-sign-in";
    public const string TwoFactorFailed = "two-factor-failed";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorReset = "two-factor-reset";
    public const string StaffCreated = "staff-created";
    public const string RoleChanged = "role-changed";
    public const string StaffDisabled = "staff-disabled";
    public const string StaffEnabled = "staff-enabled";
    public const string PasswordReset = "password-reset";

    // Administration of service points, schedules, holidays and closures (issue 7).
    public const string ServicePointChanged = "service-point-changed";
    public const string ScheduleChanged = "schedule-changed";
    public const string HolidayChanged = "holiday-changed";
    public const string HolidaysImported = "holidays-imported";
    public const string ClosureChanged = "closure-changed";
    public const string AuditExported = "audit-exported";
    /// <summary>A resident looked at what the portal holds about them (/status/my-data).</summary>
    public const string ResidentViewedOwnData = "resident-viewed-own-data";
}

/// <summary>
/// Writes audit entries for the signed-in staff member. <see cref="Add"/> only stages the entry, so it is saved in the
/// same transaction as the change it records; <see cref="WriteAsync"/> saves at once (for views and sign-ins).
/// At a field node every entry is also a journal event (<see cref="FieldJournal.AuditRecordedAsync"/>) in the same
/// transaction, so the hub's audit trail has the node's entries with their ids: there, <see cref="AddAsync"/> (in the
/// change's transaction) or <see cref="WriteAsync"/>; <see cref="Add"/> alone would stage an entry the hub never learns of.
/// </summary>
public sealed class AuditLog(EKtpDbContext db, IHttpContextAccessor http, TimeProvider clock, FieldJournal journal)
{
    public AuditEntry Add(string action, string? subjectType = null, string? subjectId = null, byte[]? subjectNikHash = null,
        string? reason = null, ClaimsPrincipal? user = null, string? userName = null)
    {
        if (journal.IsNode)
            throw new InvalidOperationException("At a field node an audit entry is journalled: use AddAsync in the change's transaction, or WriteAsync.");
        return Stage(action, subjectType, subjectId, subjectNikHash, reason, user, userName);
    }

    /// <summary>Stages the entry and, at a field node, journals it: call it inside the change's transaction.</summary>
    public async Task<AuditEntry> AddAsync(string action, string? subjectType = null, string? subjectId = null, byte[]? subjectNikHash = null,
        string? reason = null, ClaimsPrincipal? user = null, string? userName = null, CancellationToken ct = default)
    {
        var entry = Stage(action, subjectType, subjectId, subjectNikHash, reason, user, userName);
        await journal.AuditRecordedAsync(entry, ct);
        return entry;
    }

    private AuditEntry Stage(string action, string? subjectType, string? subjectId, byte[]? subjectNikHash, string? reason,
        ClaimsPrincipal? user, string? userName)
    {
        var context = http.HttpContext;
        user ??= context?.User;
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = Guid.TryParse(id, out var g) ? g : null,
            UserName = userName ?? user?.Identity?.Name,
            Role = Roles.All.FirstOrDefault(r => user?.IsInRole(r) == true),
            ServicePointId = Guid.TryParse(user?.FindFirstValue(StaffClaims.ServicePointId), out var p) ? p : null,
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            SubjectNikHash = subjectNikHash,
            Reason = reason,
            ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public async Task WriteAsync(string action, string? subjectType = null, string? subjectId = null, byte[]? subjectNikHash = null,
        string? reason = null, ClaimsPrincipal? user = null, string? userName = null, CancellationToken ct = default)
    {
        if (!journal.IsNode)
        {
            Stage(action, subjectType, subjectId, subjectNikHash, reason, user, userName);
            await db.SaveChangesAsync(ct);
            return;
        }
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        await AddAsync(action, subjectType, subjectId, subjectNikHash, reason, user, userName, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

public static class StaffClaims
{
    public const string ServicePointId = "ektp:service_point";

    public static Guid? ServicePointOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ServicePointId), out var id) ? id : null;

    public static Guid UserIdOf(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
