using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Support;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Booking;

/// <summary>
/// A booking takes its slot's time and place from a copy kept for a minute (decision 1710); these change the slot or
/// its place after the copy was made, in the database as another instance or an admin would, and book again.
/// </summary>
public class SlotCopyTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task<HttpResponseMessage> BookAsync(Guid slotId, int serial)
    {
        using var api = App.CreateClient();
        return await api.PostAsJsonAsync("/api/v1/bookings", ApiBody(slotId, Nik(serial)));
    }

    /// <summary>Books and returns the "booking confirmed" SMS of the new appointment.</summary>
    private async Task<string> BookedMessageAsync(Guid slotId, int serial)
    {
        var response = await BookAsync(slotId, serial);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        return await App.WithDbAsync(db => db.Outbox.AsNoTracking()
            .Where(m => m.Kind == NotificationKinds.BookingConfirmed && m.Body.Contains(code)).Select(m => m.Body).SingleAsync());
    }

    [Fact]
    public async Task A_slot_closed_after_it_was_booked_once_refuses_the_next_booking_as_closed_and_counts_nothing_more()
    {
        var slot = await SlotAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(slot.Id, 1)).StatusCode);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true)));

        var refused = await BookAsync(slot.Id, 2);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.EndsWith("slot-closed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(1, await BookedAsync(App, slot.Id));
        Assert.Equal(1, await AppointmentCountAsync(App));
    }

    [Fact]
    public async Task A_slot_filled_elsewhere_after_it_was_booked_once_is_refused_as_full_with_the_next_free_slots()
    {
        var slot = await SlotAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(slot.Id, 1)).StatusCode);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity)));

        var refused = await BookAsync(slot.Id, 2);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("slot-full", problem.GetProperty("type").GetString());
        Assert.NotEqual(0, problem.GetProperty("nextSlots").GetArrayLength());
        Assert.Equal(1, await AppointmentCountAsync(App));
    }

    [Fact]
    public async Task A_mobile_stop_renamed_after_its_slot_was_booked_once_is_named_anew_in_the_next_confirmation()
    {
        using (var admin = await App.SignedInAdminAsync(NewClient()))
        {
            var page = await admin.GetAsync("/admin/mobile-stops");
            AssertRedirect(await admin.SubmitAsync(page, "#stop-form", new Dictionary<string, string>
            {
                ["UnitCode"] = "mobil-1", ["Date"] = "2027-03-03", ["VillageCode"] = "13.08.14.2005", ["Place"] = "Kantor Wali Nagari",
                ["Start"] = "08:00", ["End"] = "12:00", ["SlotMinutes"] = "30", ["CapacityPerSlot"] = "5",
            }), "/admin/mobile-stops");
        }
        var slot = await SlotAsync(App, "mobil-1", new DateOnly(2027, 3, 3));
        Assert.Contains("Kantor Wali Nagari", await BookedMessageAsync(slot.Id, 1));
        // Renamed in the database, as an admin on another instance would: this instance's copy still holds the old place.
        await App.WithDbAsync(db => db.MobileStops.ExecuteUpdateAsync(u => u.SetProperty(m => m.Place, "Masjid Raya Padang Mantinggi")));

        Assert.Contains("Masjid Raya Padang Mantinggi", await BookedMessageAsync(slot.Id, 2));
        Assert.Equal(2, await BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task A_service_point_renamed_by_an_admin_is_named_anew_in_the_next_confirmation()
    {
        var slot = await SlotAsync(App);
        var name = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == slot.ServicePointId).Select(p => p.Name).SingleAsync());
        Assert.Contains(name, await BookedMessageAsync(slot.Id, 1));
        using (var admin = await App.SignedInAdminAsync(NewClient()))
        {
            var form = await admin.GetAsync($"/admin/service-points/{slot.ServicePointId}");
            AssertRedirect(await admin.SubmitAsync(form, "form.service-point-form",
                new Dictionary<string, string> { ["Name"] = "Kantor Camat Rao di Lubuk Sikaping", ["Address"] = "" }), "/admin/service-points");
        }

        Assert.Contains("Kantor Camat Rao di Lubuk Sikaping", await BookedMessageAsync(slot.Id, 2));
    }
}
