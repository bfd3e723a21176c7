using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EKtp.Web.Features.FieldNodes;

public static class FieldNodeOpsRegistration
{
    /// <summary>What surrounds the sync engine: recording upload state, the link banner, /admin/field-nodes.</summary>
    public static IServiceCollection AddFieldNodeOps(this IServiceCollection services)
    {
        services.AddOptions<FieldNodeOptions>().BindConfiguration(FieldNodeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RecordingUploads>();
        // The engine registers its own status service; without it the portal is a hub with no nodes.
        services.TryAddScoped<IFieldNodeStatus, NoFieldNodeStatus>();
        return services;
    }
}
