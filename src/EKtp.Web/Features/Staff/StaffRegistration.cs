using EKtp.Web.Infrastructure;
using EKtp.Web.Features.Cards;
using EKtp.Web.Features.Display;
using EKtp.Web.Features.Queue;
using Microsoft.AspNetCore.Authorization;

namespace EKtp.Web.Features.Staff;

public static class StaffRegistration
{
    /// <summary>The staff area: today's queue, the waiting-room board, the card pipeline and blank stock.</summary>
    public static IServiceCollection AddStaffArea(this IServiceCollection services)
    {
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthorizationBuilder().AddPolicy(StaffPolicies.CardPipeline, p => p.AddRequirements(new CardPipelineRequirement()));
        services.AddScoped<IAuthorizationHandler, CardPipelineHandler>();
        services.AddPointCodeRoutes();
        services.AddScoped<CheckIn>();
        services.AddScoped<WalkIn>();
        services.AddScoped<QueueCaller>();
        services.AddScoped<RecordOutcome>();
        services.AddScoped<RecordIkdOutcome>();
        services.AddScoped<NoShowSweep>();
        services.AddScoped<QueueBoard>();
        services.AddScoped<CardMover>();
        services.AddScoped<CardSearch>();
        services.AddScoped<BlankStock>();
        services.AddScoped<CardHandover>();
        services.AddScoped<ImportCards>();
        services.AddRecurringJob<NoShowJob>();
        return services;
    }
}
