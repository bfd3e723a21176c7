namespace EKtp.Web.Features.Disruptions;

public static class DisruptionsRegistration
{
    public static IServiceCollection AddDisruptions(this IServiceCollection services)
    {
        services.AddScoped<DeclareDisruption>();
        services.AddScoped<EndDisruption>();
        services.AddScoped<RebookAffectedAppointment>();
        return services;
    }
}
