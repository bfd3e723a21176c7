using System.Net.Http.Json;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Booking;

/// <summary>Residents and slots for booking tests. The clock stands on Monday 1 March 2027, 08:00 WIB.</summary>
public static class BookingTestData
{
    public static readonly DateOnly Tomorrow = new(2027, 3, 2);

    /// <summary>A plausible NIK registered in Kecamatan Lubuk Sikaping (13.08.05), born 15 May 1990, serial as given.</summary>
    public static string Nik(int serial = 1, string birth = "150590") => $"130805{birth}{serial:0000}";

    public const string Kk = "1308050101100001";
    public const string Village = "13.08.05.2001";

    public static Dictionary<string, string> Details(string nik, string? birthDate = "1990-05-15") => new()
    {
        ["Nik"] = nik, ["KkNumber"] = Kk, ["FullName"] = "Siti Rahmah", ["BirthDate"] = birthDate ?? "",
        ["Phone"] = "0812-3456-7890", ["Email"] = "", ["VillageCode"] = Village,
    };

    public static object ApiBody(Guid slotId, string nik, string service = "new-recording") => new
    {
        slotId, service, nik, kkNumber = Kk, fullName = "Siti Rahmah", birthDate = "1990-05-15", phone = "081234567890",
        villageCode = Village,
    };

    /// <summary>The first slot of a service point on a date.</summary>
    public static Task<Slot> SlotAsync(EKtpAppFactory app, string pointCode = "kec-rao", DateOnly? date = null, int index = 0) =>
        app.WithDbAsync(db => db.Slots.AsNoTracking().Where(s => s.ServicePoint!.Code == pointCode && s.Date == (date ?? Tomorrow) && !s.IsClosed)
            .OrderBy(s => s.StartsAt).Skip(index).FirstAsync());

    public static Task<int> AppointmentCountAsync(EKtpAppFactory app) => app.WithDbAsync(db => db.Appointments.CountAsync());

    public static Task<int> BookedAsync(EKtpAppFactory app, Guid slotId) =>
        app.WithDbAsync(db => db.Slots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync());

    /// <summary>Books through the API and returns the code.</summary>
    public static async Task<string> BookByApiAsync(HttpClient client, Guid slotId, string nik)
    {
        var response = await client.PostAsJsonAsync("/api/v1/bookings", ApiBody(slotId, nik));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("code").GetString()!;
    }
}
