namespace EKtp.Web.Features.FieldNodes;

public static class FieldNodeOpsRegistration
{
    /// <summary>What surrounds the sync engine: recording upload state, the link banner, /admin/field-nodes.</summary>
    public static IServiceCollection AddFieldNodeOps(this IServiceCollection services)
    {
        services.AddScoped<RecordingUploads>();
        return services;
    }
}
