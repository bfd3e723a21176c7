using System.Security.Claims;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Staff;

public static class StaffPolicies
{
    /// <summary>The card pipeline: Admin, or an Operator of the DPKS office (the district office).</summary>
    public const string CardPipeline = "card-pipeline";
}

public static class StaffAccess
{
    /// <summary>
    /// The service point a staff member may work on at an address: an Operator only their own, an Admin any.
    /// Null when the point does not exist; <paramref name="allowed"/> false when it exists but is not theirs.
    /// </summary>
    public static async Task<(ServicePoint? Point, bool Allowed)> PointForAsync(this EKtpDbContext db, ClaimsPrincipal user,
        string code, CancellationToken ct)
    {
        var point = await db.ServicePoints.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, ct);
        if (point is null) return (null, false);
        return (point, user.IsInRole(Roles.Admin) || user.ServicePointOf() == point.Id);
    }
}

public sealed class CardPipelineRequirement : IAuthorizationRequirement;

/// <summary>Lets Admins through, and Operators whose service point is the district office.</summary>
public sealed class CardPipelineHandler(EKtpDbContext db) : AuthorizationHandler<CardPipelineRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CardPipelineRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Admin)) { context.Succeed(requirement); return; }
        if (!context.User.IsInRole(Roles.Operator) || context.User.ServicePointOf() is not { } pointId) return;
        if (await db.ServicePoints.AnyAsync(p => p.Id == pointId && p.Kind == ServicePointKind.DistrictOffice))
            context.Succeed(requirement);
    }
}
