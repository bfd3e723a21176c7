using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Booking;

public class ManageAndStatusTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task<(PageClient Client, PageResult Manage)> FindAsync(string code, string nik)
    {
        var client = NewClient();
        var find = await client.GetAsync("/booking/manage");
        var found = await client.SubmitAsync(find, "#lookup-form", new Dictionary<string, string> { ["Code"] = code, ["Nik"] = nik });
        AssertRedirect(found, "/booking/manage/appointment");
        return (client, await client.FollowAsync(found));
    }

    [Fact]
    public async Task A_resident_finds_the_appointment_and_moves_it_to_another_slot_atomically()
    {
        using var api = App.CreateClient();
        var old = await SlotAsync(App);
        var code = await BookByApiAsync(api, old.Id, Nik(1));
        var (client, manage) = await FindAsync(code.ToLowerInvariant().Replace("psm-", ""), Nik(1));
        var target = manage.Document.QuerySelectorAll("#reschedule-form input[name='slotId']").First().GetAttribute("value")!;

        var moved = await client.SubmitAsync(manage, "#reschedule-form", new Dictionary<string, string> { ["slotId"] = target });

        AssertRedirect(moved, "/booking/slip");
        Assert.Equal(0, await BookedAsync(App, old.Id));
        Assert.Equal(1, await BookedAsync(App, Guid.Parse(target)));
        var a = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(Guid.Parse(target), a.SlotId);
        Assert.Equal(1, a.RescheduleCount);
    }

    [Fact]
    public async Task Moving_to_a_slot_that_filled_up_keeps_the_old_place()
    {
        using var api = App.CreateClient();
        var old = await SlotAsync(App);
        var code = await BookByApiAsync(api, old.Id, Nik(1));
        var (client, manage) = await FindAsync(code, Nik(1));
        var target = Guid.Parse(manage.Document.QuerySelectorAll("#reschedule-form input[name='slotId']").First().GetAttribute("value")!);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == target).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity)));

        var refused = await PageClient.ReadAsync(await client.SubmitAsync(manage, "#reschedule-form", new Dictionary<string, string> { ["slotId"] = target.ToString() }));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("baru saja penuh", refused.Document.QuerySelector("#manage-problem")!.TextContent);
        Assert.Equal(1, await BookedAsync(App, old.Id));
        Assert.Equal(old.Id, await App.WithDbAsync(db => db.Appointments.Select(a => a.SlotId).SingleAsync()));
    }

    [Fact]
    public async Task A_resident_cancels_with_a_reason_up_to_the_cut_off_instant_and_the_place_is_released()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var code = await BookByApiAsync(api, slot.Id, Nik(1));
        App.Clock.SetUtcNow(slot.StartsAt.AddHours(-2)); // exactly the cut-off: still allowed
        var (client, manage) = await FindAsync(code, Nik(1));

        var asked = await client.GetAsync(manage.Document.QuerySelector("a#cancel-start")!.GetAttribute("href")!);
        Assert.Equal(AppointmentStatus.Booked, await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).SingleAsync()));
        var cancelled = await client.SubmitAsync(asked, "#cancel-form", new Dictionary<string, string> { ["reason"] = "Sakit" });

        AssertRedirect(cancelled, "/booking/manage/appointment");
        var a = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(AppointmentStatus.Cancelled, a.Status);
        Assert.Equal("Sakit", a.CancelReason);
        Assert.Equal(0, await BookedAsync(App, slot.Id));
        var after = await client.FollowAsync(cancelled);
        Assert.Contains("Janji Anda sudah dibatalkan", after.Text);
    }

    [Fact]
    public async Task Past_the_cut_off_cancel_and_reschedule_are_refused_with_the_reason()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var code = await BookByApiAsync(api, slot.Id, Nik(1));
        var other = (await SlotAsync(App, date: Tomorrow.AddDays(1))).Id;
        App.Clock.SetUtcNow(slot.StartsAt.AddHours(-2).AddMinutes(1));
        var (client, manage) = await FindAsync(code, Nik(1));

        var page = await client.GetAsync("/booking/manage/appointment");
        Assert.Contains("tidak dapat diubah atau dibatalkan kurang dari 2 jam", page.Document.QuerySelector("#cutoff-note")!.TextContent);
        Assert.Null(page.Document.QuerySelector("#cancel-form"));

        // Past the cut-off the page has no form, so no token: a resident who kept an older page (or a hand-made post)
        // carries the lookup form's.
        var tokens = await client.GetAsync("/booking/manage");
        var cancel = await PageClient.ReadAsync(await client.PostAsync("/booking/manage/cancel", tokens, new Dictionary<string, string> { ["reason"] = "x" }));
        Assert.Equal(HttpStatusCode.Conflict, cancel.Status);
        Assert.Contains("kurang dari 2 jam", cancel.Document.QuerySelector("#manage-problem")!.TextContent);
        var move = await client.PostAsync("/booking/manage/reschedule", tokens, new Dictionary<string, string> { ["slotId"] = other.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, move.StatusCode);
        var apiCancel = await api.PostAsJsonAsync($"/api/v1/bookings/{code}/cancel", new { nik = Nik(1) });
        Assert.Equal(HttpStatusCode.Conflict, apiCancel.StatusCode);

        var a = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(AppointmentStatus.Booked, a.Status);
        Assert.Equal(slot.Id, a.SlotId);
        Assert.Equal(1, await BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task A_wrong_NIK_and_an_unknown_code_get_the_same_answer()
    {
        using var api = App.CreateClient();
        var code = await BookByApiAsync(api, (await SlotAsync(App)).Id, Nik(1));
        using var client = NewClient();
        var find = await client.GetAsync("/booking/manage");

        var wrongNik = await PageClient.ReadAsync(await client.SubmitAsync(find, "#lookup-form", new Dictionary<string, string> { ["Code"] = code, ["Nik"] = Nik(2) }));
        var wrongCode = await PageClient.ReadAsync(await client.SubmitAsync(find, "#lookup-form", new Dictionary<string, string> { ["Code"] = "PSM-2222222", ["Nik"] = Nik(1) }));

        Assert.Equal(wrongNik.Document.QuerySelector("#lookup-problem")!.TextContent, wrongCode.Document.QuerySelector("#lookup-problem")!.TextContent);
        var a = await api.PostAsJsonAsync("/api/v1/bookings/lookup", new { code, nik = Nik(2) });
        var b = await api.PostAsJsonAsync("/api/v1/bookings/lookup", new { code = "PSM-2222222", nik = Nik(1) });
        Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, b.StatusCode);
        Assert.Equal((await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(),
            (await b.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Status_says_where_a_ready_card_can_be_collected()
    {
        using var api = App.CreateClient();
        var code = await BookByApiAsync(api, (await SlotAsync(App)).Id, Nik(1));
        var protector = App.Get<PersonalDataProtector>();
        await App.WithDbAsync(async db =>
        {
            var rao = await db.ServicePoints.SingleAsync(p => p.Code == "kec-rao");
            db.Cards.Add(new Card
            {
                NikHash = protector.Hash(Nik(1)), NikCipher = protector.Encrypt(Nik(1)), Status = CardStatus.AtCollectionPoint,
                RecordedAtPointId = rao.Id, CollectionPointId = rao.Id, CreatedAt = App.Clock.GetUtcNow(), UpdatedAt = App.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });
        using var client = NewClient();
        var form = await client.GetAsync("/status");

        var result = await PageClient.ReadAsync(await client.SubmitAsync(form, "#lookup-form", new Dictionary<string, string> { ["Code"] = code, ["Nik"] = Nik(1) }));

        Assert.StartsWith("Kartu siap diambil di Kantor Camat Rao.", result.Document.QuerySelector("#card-text")!.TextContent);
        Assert.Contains("Janji Anda terdaftar", result.Document.QuerySelector("#appointment-text")!.TextContent);
        var lookup = await (await api.PostAsJsonAsync("/api/v1/bookings/lookup", new { code, nik = Nik(1) })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("booked", lookup.GetProperty("status").GetString());
        Assert.Equal("at-collection-point", lookup.GetProperty("card").GetProperty("status").GetString());
        Assert.Equal("kec-rao", lookup.GetProperty("card").GetProperty("collectionPoint").GetString());
        Assert.Equal("2027-03-02T07:30:00+07:00", lookup.GetProperty("start").GetString());
    }
}
