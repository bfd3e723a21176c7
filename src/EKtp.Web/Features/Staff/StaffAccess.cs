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

    /// <summary>Acting at one service point, checked against that point (<see cref="FromPointCodeAttribute"/>).</summary>
    public const string WorksAtPoint = "works-at-point";
}

/// <summary>May act at a service point (the resource): an Admin anywhere, an Operator only at their own point.</summary>
public sealed class WorksAtPointRequirement : IAuthorizationRequirement;

public sealed class WorksAtPointHandler : AuthorizationHandler<WorksAtPointRequirement, ServicePoint>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorksAtPointRequirement requirement,
        ServicePoint point)
    {
        if (context.User.IsInRole(Roles.Admin) || context.User.ServicePointOf() == point.Id) context.Succeed(requirement);
        return Task.CompletedTask;
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
