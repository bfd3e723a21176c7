using System.Security.Claims;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>Puts an Operator's service point into the sign-in cookie, so every request knows it without a query.</summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.ServicePointId is { } point) identity.AddClaim(new Claim(StaffClaims.ServicePointId, point.ToString()));
        identity.AddClaim(new Claim("ektp:display_name", user.DisplayName));
        return identity;
    }
}
