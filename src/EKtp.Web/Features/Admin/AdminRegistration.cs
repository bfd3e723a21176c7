using EKtp.Web.Infrastructure;
using System.Security.Claims;
using EKtp.Web.Domain;
using EKtp.Web.Features.Account;
using EKtp.Web.Features.Privacy;
using EKtp.Web.Features.StaffAccounts;
using EKtp.Web.Features.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.Admin;

public static class AdminRegistration
{
    /// <summary>Administration, staff accounts and their security, the audit trail, and personal-data protection.</summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddOptions<StaffSecurityOptions>().BindConfiguration(StaffSecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddScoped<IPasswordValidator<StaffUser>, CommonPasswordValidator>();
        services.AddScoped<IdentityErrorDescriber, StaffIdentityErrors>();
        services.AddTransient<TimeProviderAuthenticatorTokenProvider>();
        services.AddScoped<SignInDelays>();
        services.AddScoped<TotpReplay>();
        services.AddStaffSessions();
        services.Configure<IdentityOptions>(o => o.Tokens.ProviderMap[TokenOptions.DefaultAuthenticatorProvider] =
            new TokenProviderDescriptor(typeof(TimeProviderAuthenticatorTokenProvider)));
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, clock) =>
        {
            // Checked on every request: a disabled account, a changed role or a sign-out (which changes the stamp)
            // ends every copy of the session cookie at once, on every instance and after a restart.
            o.ValidationInterval = TimeSpan.Zero;
            o.TimeProvider = clock;
            // Identity rebuilds the principal from the database here and would drop how the session was made.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(TwoFactorEnrolmentFilter.MfaClaim) is { } amr
                    && context.NewPrincipal?.Identity is ClaimsIdentity identity
                    && !identity.HasClaim(amr.Type, amr.Value))
                    identity.AddClaim(new Claim(amr.Type, amr.Value));
                return Task.CompletedTask;
            };
        });
        services.Configure<MvcOptions>(o =>
        {
            o.Filters.Add<TwoFactorEnrolmentFilter>();
            // FluentValidation is the one source of validation messages (in the portal's language); MVC's implicit
            // [Required] on non-nullable strings would add a second, English one ("The Name field is required.").
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        });

        services.AddScoped<SlotImpact>();
        services.AddScoped<ExtraSessions>();
        services.AddScoped<PersonalDataRekey>();
        services.AddScoped<PersonalDataRetention>();
        services.AddRecurringJob<RetentionJob>();
        return services;
    }
}
