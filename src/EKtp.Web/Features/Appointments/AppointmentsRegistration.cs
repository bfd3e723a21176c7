using FluentValidation;

namespace EKtp.Web.Features.Appointments;

public static class AppointmentsRegistration
{
    /// <summary>Validators registered by <see cref="AddAppointments"/> themselves (the assembly scan leaves them out).</summary>
    public static readonly Type[] SingletonValidators = [typeof(LookupInputValidator)];

    public static IServiceCollection AddAppointments(this IServiceCollection services)
    {
        services.AddScoped<AppointmentLookup>();
        services.AddScoped<LookupLockouts>();
        services.AddOptions<LookupLockoutOptions>().BindConfiguration(LookupLockoutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AppointmentWords>();
        // Holds nothing per request (the localizer reads the request's culture when asked): built once.
        services.AddSingleton<IValidator<LookupInput>, LookupInputValidator>();
        return services;
    }
}
