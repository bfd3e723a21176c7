using EKtp.Web.Infrastructure;
using EKtp.Web.Domain;
using EKtp.Web.Features.Status;
using FluentValidation;

namespace EKtp.Web.Features.Booking;

public static class BookingRegistration
{
    /// <summary>Validators registered by <see cref="AddBooking"/> themselves (the assembly scan leaves them out).</summary>
    public static readonly Type[] SingletonValidators = [typeof(BookingInputValidator)];

    public static IServiceCollection AddBooking(this IServiceCollection services)
    {
        // Codes take the deployment's prefix once the options are read, which start-up validation does first.
        services.PostConfigure<BookingOptions>(o => BookingCode.UsePrefix(o.CodePrefix));
        services.AddScoped<BookAppointment>();
        services.AddSingleton<SlotPlaces>();
        services.AddScoped<ChangeAppointment>();
        services.AddScoped<CheckStatus>();
        services.AddScoped<FindCard>();
        services.AddSingleton<BookingCookies>();
        services.AddScoped<BookingSlip>();
        services.AddSingleton<VillageDirectory>();
        // The public pages' validator holds nothing per request (the localizer reads the request's culture when asked), so
        // it is built once instead of on every booking page and API call.
        services.AddSingleton<IValidator<BookingInput>, BookingInputValidator>();
        return services;
    }
}
