namespace EKtp.Web.Features.Booking;

/// <summary>The key for the booking, manage and status pages' strings; English in Resources/Features/Booking/BookingText.en.resx.</summary>
public sealed class BookingText;
