using EKtp.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.TwoFactor;

/// <summary>Marks the actions an Admin or Head without two-factor may still reach (enrolment itself, sign-out).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowWithoutTwoFactorAttribute : Attribute;

/// <summary>
/// Sends an Admin or Head whose session was not made with a second factor (the <c>amr=mfa</c> claim that Identity's
/// two-factor sign-in adds) to enrolment, on every MVC action but the anonymous ones and those marked
/// <see cref="AllowWithoutTwoFactorAttribute"/>.
/// </summary>
public sealed class TwoFactorEnrolmentFilter(IOptionsMonitor<StaffSecurityOptions> options) : IAsyncActionFilter
{
    public const string MfaClaim = "amr";
    public const string MfaValue = "mfa";

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        var metadata = context.ActionDescriptor.EndpointMetadata;
        if (options.CurrentValue.RequireTwoFactorForAdminAndHead
            && user.Identity?.IsAuthenticated == true
            && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Head))
            && !user.HasClaim(MfaClaim, MfaValue)
            && !metadata.OfType<IAllowAnonymous>().Any()
            && !metadata.OfType<AllowWithoutTwoFactorAttribute>().Any()
            && !context.HttpContext.Request.Path.StartsWithSegments("/api"))
        {
            context.Result = new RedirectResult(TwoFactorController.EnrolPath);
            return Task.CompletedTask;
        }
        return next();
    }
}
