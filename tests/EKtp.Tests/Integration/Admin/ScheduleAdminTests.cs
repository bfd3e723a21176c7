using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Admin;

public class ScheduleAdminTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    private async Task<(PageClient Client, PageResult Form, Guid PointId)> OpenScheduleAsync(string code = "kec-rao")
    {
        var id = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == code).Select(p => p.Id).SingleAsync());
        var client = await App.SignedInAdminAsync(NewClient());
        return (client, await client.GetAsync($"/admin/service-points/{id}/schedule"), id);
    }

    [Fact]
    public async Task The_schedule_page_lists_the_sessions_and_a_capacity_change_regenerates_the_slots()
    {
        var (client, form, id) = await OpenScheduleAsync();
        using var _ = client;
        Assert.Equal("Monday", form.Document.QuerySelector("select[name='Sessions[0].Day'] option[selected]")?.GetAttribute("value"));

        var values = new Dictionary<string, string>();
        for (var i = 0; i < 10; i++) values[$"Sessions[{i}].CapacityPerSlot"] = "5";
        var response = await client.SubmitAsync(form, "form.schedule-form", values);

        AssertRedirect(response, $"/admin/service-points/{id}/schedule");
        var slots = await App.OpenSlotsAsync("kec-rao", Monday.AddDays(1));
        Assert.All(slots, s => Assert.Equal(5, s.Capacity));
        Assert.Contains(AuditActions.ScheduleChanged, await App.AuditActionsAsync());
    }

    [Fact]
    public async Task A_new_saturday_session_added_in_a_blank_row_opens_saturday_slots()
    {
        var (client, form, _) = await OpenScheduleAsync();
        using var __ = client;
        var response = await client.SubmitAsync(form, "form.schedule-form", new Dictionary<string, string>
        {
            ["Sessions[10].Day"] = "Saturday", ["Sessions[10].Start"] = "08:00", ["Sessions[10].End"] = "10:00",
            ["Sessions[10].SlotMinutes"] = "60", ["Sessions[10].CapacityPerSlot"] = "2",
        });

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var saturday = await App.OpenSlotsAsync("kec-rao", Monday.AddDays(5));
        Assert.Equal(2, saturday.Count);
        Assert.All(saturday, s => Assert.Equal(2, s.Capacity));
    }

    [Fact]
    public async Task A_session_that_ends_before_it_starts_or_overlaps_another_is_refused_and_nothing_changes()
    {
        var (client, form, id) = await OpenScheduleAsync();
        using var _ = client;
        var page = await PageClient.ReadAsync(await client.SubmitAsync(form, "form.schedule-form", new Dictionary<string, string>
        {
            ["Sessions[0].End"] = "07:00",
            ["Sessions[1].SlotMinutes"] = "1",
            ["Sessions[10].Day"] = "Tuesday", ["Sessions[10].Start"] = "08:00", ["Sessions[10].End"] = "09:00",
        }));

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Equal("Jam selesai harus setelah jam mulai.", page.FieldError("Sessions[0].End"));
        Assert.Equal("Lama slot antara 5 dan 240 menit.", page.FieldError("Sessions[1].SlotMinutes"));
        Assert.Equal("Dua sesi pada hari yang sama bertumpang tindih.", page.FieldError("Sessions"));
        Assert.Equal(10, await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == id)));
    }

    [Fact]
    public async Task Removing_a_session_that_holds_bookings_is_refused_with_the_count_and_the_schedule_is_kept()
    {
        // Wednesday morning at Rao holds two residents.
        await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(8, 0));
        await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(8, 0), nik: "1308050101900002");
        var (client, form, id) = await OpenScheduleAsync();
        using var _ = client;
        var wednesdayMorning = Enumerable.Range(0, 10).Single(i =>
            form.Document.QuerySelector($"select[name='Sessions[{i}].Day'] option[selected]")?.GetAttribute("value") == "Wednesday"
            && ((AngleSharp.Html.Dom.IHtmlInputElement)form.Document.QuerySelector($"input[name='Sessions[{i}].Start']")!).Value == "07:30");

        var page = await PageClient.ReadAsync(await client.SubmitAsync(form, "form.schedule-form",
            new Dictionary<string, string> { [$"Sessions[{wednesdayMorning}].Remove"] = "true" }));

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Contains("2 janji temu yang sudah dipesan akan kehilangan slotnya", page.Text);
        Assert.Equal(10, await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == id)));
        Assert.Equal(15, (await App.OpenSlotsAsync("kec-rao", Monday.AddDays(2))).Count);
        Assert.Empty(await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.ScheduleChanged).ToListAsync()));
    }

    [Fact]
    public async Task Removing_a_session_without_bookings_closes_its_empty_slots()
    {
        var (client, form, _) = await OpenScheduleAsync();
        using var __ = client;
        var wednesdayMorning = Enumerable.Range(0, 10).Single(i =>
            form.Document.QuerySelector($"select[name='Sessions[{i}].Day'] option[selected]")?.GetAttribute("value") == "Wednesday"
            && ((AngleSharp.Html.Dom.IHtmlInputElement)form.Document.QuerySelector($"input[name='Sessions[{i}].Start']")!).Value == "07:30");
        var response = await client.SubmitAsync(form, "form.schedule-form",
            new Dictionary<string, string> { [$"Sessions[{wednesdayMorning}].Remove"] = "true" });

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var wednesday = await App.OpenSlotsAsync("kec-rao", Monday.AddDays(2));
        Assert.Equal(6, wednesday.Count);
        Assert.All(wednesday, s => Assert.True(s.StartsAt >= Wib.At(Monday.AddDays(2), new TimeOnly(13, 0))));
    }
}
