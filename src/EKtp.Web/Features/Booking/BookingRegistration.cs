using EKtp.Web.Features.Status;

namespace EKtp.Web.Features.Booking;

public static class BookingRegistration
{
    public static IServiceCollection AddBooking(this IServiceCollection services)
    {
        services.AddScoped<BookAppointment>();
        services.AddScoped<ChangeAppointment>();
        services.AddScoped<CheckStatus>();
        services.AddSingleton<BookingCookies>();
        services.AddSingleton<VillageDirectory>();
        return services;
    }
}
