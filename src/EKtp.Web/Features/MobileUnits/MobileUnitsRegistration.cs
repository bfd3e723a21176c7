namespace EKtp.Web.Features.MobileUnits;

public static class MobileUnitsRegistration
{
    public static IServiceCollection AddMobileUnits(this IServiceCollection services)
    {
        services.AddOptions<MobileUnitsOptions>().BindConfiguration(MobileUnitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PlanMobileStop>();
        services.AddScoped<CancelMobileStop>();
        services.AddScoped<RequestMobileVisit>();
        services.AddScoped<DecideMobileVisit>();
        services.AddScoped<CoverageRanking>();
        return services;
    }
}
