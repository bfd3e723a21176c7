using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Support;

public static class StaffAccounts
{
    public const string Password = "Rumah-Gadang-Pasaman-7";

    /// <summary>Creates a staff account; an Operator is placed at the service point with the given code.</summary>
    public static async Task<StaffUser> CreateAsync(this EKtpAppFactory app, string role, string? pointCode = null, string? email = null)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        Guid? pointId = pointCode is null ? null : (await db.ServicePoints.SingleAsync(p => p.Code == pointCode)).Id;
        var user = new StaffUser
        {
            UserName = email ?? $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@ektp.test",
            Email = email ?? $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@ektp.test",
            DisplayName = $"{role} uji", ServicePointId = pointId, EmailConfirmed = true,
        };
        user.Email = user.UserName;
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>Signs a page client in through the real sign-in form.</summary>
    public static async Task SignInAsync(this PageClient client, StaffUser user, string password = Password)
    {
        var page = await client.GetAsync("/staff/sign-in");
        var response = await client.SubmitAsync(page, "form[action='/staff/sign-in']",
            new Dictionary<string, string> { ["Email"] = user.Email!, ["Password"] = password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }
}
