using EKtp.Web.Domain;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Booking;

/// <summary>What the booking page and the API say when a slot could not be booked for a reason of its own (not
/// "closed after you chose it", not "full": their callers word those).</summary>
public static class SlotRefusalWords
{
    public static string? Of(IStringLocalizer<BookingText> l, SlotRefusal why, int windowDays) => why switch
    {
        SlotRefusal.Today => l["Jadwal hari ini tidak dapat dipesan; datang langsung, Anda dilayani di loket. Atau pilih jadwal mulai besok."].Value,
        SlotRefusal.Past => l["Jadwal ini sudah lewat. Pilih salah satu jadwal berikutnya."].Value,
        SlotRefusal.BeyondWindow => l["Jadwal ini belum dapat dipesan: pemesanan paling jauh {0} hari ke depan.", windowDays].Value,
        _ => null,
    };
}
