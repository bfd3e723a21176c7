namespace EKtp.Web.Features.SchoolDrives;

public static class SchoolDrivesRegistration
{
    public static IServiceCollection AddSchoolDrives(this IServiceCollection services)
    {
        services.AddScoped<ImportStudents>();
        services.AddScoped<RecordStudent>();
        return services;
    }
}
