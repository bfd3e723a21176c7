namespace EKtp.Web.Features.HomeVisits;

public static class HomeVisitsRegistration
{
    public static IServiceCollection AddHomeVisits(this IServiceCollection services)
    {
        services.AddScoped<RequestHomeVisit>();
        services.AddScoped<ChangeHomeVisit>();
        return services;
    }
}
