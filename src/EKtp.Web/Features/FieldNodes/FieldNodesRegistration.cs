using EKtp.Web.Features.Privacy;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

public static class FieldNodesRegistration
{
    public static IServiceCollection AddFieldNodes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FieldNodeOptions>().BindConfiguration(FieldNodeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FieldNodeOptions>, FieldNodeOptionsValidator>();
        services.AddScoped<FieldJournal>();
        services.AddScoped<NodeLink>();
        services.AddScoped<HubPublications>();
        services.AddScoped<FieldEventApplier>();
        services.AddScoped<IFieldNodeStatus, FieldNodeStatus>();
        services.AddScoped<QueueAtNodeFilter>();
        // After the point filter (1001): only staff who may work at the point learn where its queue is.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.AddService<QueueAtNodeFilter>(order: 1002));
        services.AddSingleton<FieldSyncService>();
        services.AddHostedService(sp => sp.GetRequiredService<FieldSyncService>());
        // At a node the hub's own jobs do not run: slots and bookings are the hub's (and reach the node by replication),
        // and messages to residents are sent once, from the hub. The no-show sweep runs on both sides: each marks its
        // own copy by the same rule.
        if (configuration.GetSection(SiteOptions.Section).Get<SiteOptions>()?.IsNode == true)
            foreach (var job in new[] { SlotGenerationJob.Name, ReminderRun.Name, OutboxJob.Name, RetentionJob.Name })
                services.PostConfigure<JobOptions>(job, o => o.Enabled = false);
        return services;
    }
}
