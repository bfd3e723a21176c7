using EKtp.Web.Infrastructure;

namespace EKtp.Web.Features.Dashboard;

public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        DashboardDatabase.AddDashboardDatabase(services, configuration);
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RollupJob>();
        services.AddScoped<DashboardReader>();
        services.AddScoped<PopulationTargets.ImportPopulationTargets>();
        services.AddRecurringJob<RollupRefreshJob>();
        return services;
    }
}
