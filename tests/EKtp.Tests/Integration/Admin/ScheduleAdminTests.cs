using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Admin;
using EKtp.Web.Features.Booking;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Features.ServiceStatus;
using EKtp.Web.Infrastructure.Notifications;
using EKtp.Tests.Integration.Disruptions;
using Microsoft.Extensions.DependencyInjection;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Admin;

[Collection(StaffDatabaseCollection.Name)]
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

    private static int WednesdayMorning(PageResult form) => Enumerable.Range(0, 10).Single(i =>
        form.Document.QuerySelector($"select[name='Sessions[{i}].Day'] option[selected]")?.GetAttribute("value") == "Wednesday"
        && ((AngleSharp.Html.Dom.IHtmlInputElement)form.Document.QuerySelector($"input[name='Sessions[{i}].Start']")!).Value == "07:30");

    [Fact]
    public async Task Removing_a_session_that_holds_bookings_shows_the_count_and_saves_nothing_before_confirming()
    {
        // Wednesday morning at Rao holds two residents.
        await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(8, 0));
        await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(8, 0), nik: "1308050101900002");
        var (client, form, id) = await OpenScheduleAsync();
        using var _ = client;

        var page = await PageClient.ReadAsync(await client.SubmitAsync(form, "form.schedule-form",
            new Dictionary<string, string> { [$"Sessions[{WednesdayMorning(form)}].Remove"] = "true" }));

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Equal("2 janji temu terdampak", page.Document.QuerySelector(".affected-count")?.TextContent.Trim());
        Assert.Equal($"/admin/service-points/{id}/schedule", page.Document.QuerySelector("form.impact-confirm-form")?.GetAttribute("action"));
        Assert.NotNull(page.Document.QuerySelector("form.impact-confirm-form input[name='__RequestVerificationToken']"));
        Assert.Equal(10, await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == id)));
        Assert.Equal(15, (await App.OpenSlotsAsync("kec-rao", Monday.AddDays(2))).Count);
        Assert.Empty(await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.ScheduleChanged).ToListAsync()));
        Assert.False(await App.WithDbAsync(db => db.Disruptions.AnyAsync()));
        Assert.False(await App.WithDbAsync(db => db.Outbox.AnyAsync()));
        Assert.False(await App.WithDbAsync(db => db.Appointments.AnyAsync(a => a.AffectedByDisruptionId != null)));
    }

    [Fact]
    public async Task Confirming_marks_exactly_the_affected_appointments_queues_one_message_each_and_closes_the_removed_slots()
    {
        var first = await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(8, 0));
        var second = await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(8, 0), nik: "1308050101900002");
        var afternoon = await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(13, 0), nik: "1308050101900003");
        var (client, form, id) = await OpenScheduleAsync();
        using var _ = client;
        var confirm = await PageClient.ReadAsync(await client.SubmitAsync(form, "form.schedule-form",
            new Dictionary<string, string> { [$"Sessions[{WednesdayMorning(form)}].Remove"] = "true" }));

        AssertRedirect(await client.SubmitAsync(confirm, "form.impact-confirm-form"), $"/admin/service-points/{id}/schedule");

        Assert.Equal(9, await App.WithDbAsync(db => db.ScheduleSessions.CountAsync(s => s.ServicePointId == id)));
        var disruption = await App.WithDbAsync(db => db.Disruptions.SingleAsync());
        Assert.Equal((DisruptionKind.ScheduleChange, id), (disruption.Kind, disruption.ServicePointId));
        Assert.Contains("Jadwal layanan", disruption.PublicNote);
        var marked = await App.WithDbAsync(db => db.Appointments.Where(a => a.AffectedByDisruptionId == disruption.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(new[] { first.Id, second.Id }.Order(), marked.Order());
        Assert.Null((await App.ReloadAsync(afternoon.Id)).AffectedByDisruptionId);

        var messages = await App.WithDbAsync(db => db.Outbox.ToListAsync());
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal(NotificationKinds.AffectedByDisruption, m.Kind));
        Assert.Equal(new[] { first.Id, second.Id }.Select(a => $"affected:{a}:{disruption.Id}").Order(), messages.Select(m => m.DedupKey).Order());
        Assert.All(messages, m => Assert.Contains("Jadwal layanan", m.Body));

        // The booked slot stays (with its two residents) but takes nobody new; the rest of the morning is closed too.
        var removed = await App.WithDbAsync(db => db.Slots.AsNoTracking().SingleAsync(s => s.Id == first.SlotId));
        Assert.Equal((true, 2), (removed.IsClosed, removed.Booked));
        Assert.False(await App.WithDbAsync(db => db.TryReserveAsync(removed.Id, App.Clock.GetUtcNow())));
        var open = await App.OpenSlotsAsync("kec-rao", Monday.AddDays(2));
        Assert.Equal(6, open.Count);
        Assert.All(open, s => Assert.True(s.StartsAt >= Wib.At(Monday.AddDays(2), new TimeOnly(13, 0))));

        var actions = await App.AuditActionsAsync();
        Assert.Contains(AuditActions.ScheduleChanged, actions);
        Assert.Contains(SlotImpact.AuditAction, actions);

    }

    [Fact]
    public async Task A_confirmed_schedule_change_is_no_outage_on_the_service_status_page_or_in_the_dashboard_hours()
    {
        // Today's afternoon at Rao holds a resident; the admin removes Monday afternoons.
        await App.BookAsync("kec-rao", Monday, new TimeOnly(13, 0));
        var (client, form, id) = await OpenScheduleAsync();
        using var _ = client;
        var mondayAfternoon = Enumerable.Range(0, 10).Single(i =>
            form.Document.QuerySelector($"select[name='Sessions[{i}].Day'] option[selected]")?.GetAttribute("value") == "Monday"
            && ((AngleSharp.Html.Dom.IHtmlInputElement)form.Document.QuerySelector($"input[name='Sessions[{i}].Start']")!).Value == "13:00");
        var confirm = await PageClient.ReadAsync(await client.SubmitAsync(form, "form.schedule-form",
            new Dictionary<string, string> { [$"Sessions[{mondayAfternoon}].Remove"] = "true" }));
        Assert.Equal("1 janji temu terdampak", confirm.Document.QuerySelector(".affected-count")?.TextContent.Trim());
        await client.SubmitAsync(confirm, "form.impact-confirm-form");
        Assert.Equal(DisruptionKind.ScheduleChange, (await App.WithDbAsync(db => db.Disruptions.SingleAsync())).Kind);

        using var scope = App.Services.CreateScope();
        var rao = (await scope.ServiceProvider.GetRequiredService<ServiceStatusReader>().ReadAsync()).Single(p => p.Point.Id == id);
        Assert.Equal(PointState.Open, rao.State);
        Assert.Null(rao.Disruption);
        Assert.Null(rao.Upcoming);

        App.Clock.SetUtcNow(Wib.At(Monday, new TimeOnly(15, 0)));
        var dashboard = await scope.ServiceProvider.GetRequiredService<DashboardReader>()
            .ReadAsync(new DashboardFilter(Monday.AddDays(-7), Monday, null));
        Assert.Empty(dashboard.Tables.Single(t => t.Key == "disruptions").Rows);
    }

    [Fact]
    public async Task The_resident_rebooks_on_the_status_page_into_an_open_slot_and_capacity_holds()
    {
        var mine = await App.BookAsync("kec-rao", Monday.AddDays(2), new TimeOnly(8, 0));
        var (admin, form, _) = await OpenScheduleAsync();
        using (admin)
        {
            var confirm = await PageClient.ReadAsync(await admin.SubmitAsync(form, "form.schedule-form",
                new Dictionary<string, string> { [$"Sessions[{WednesdayMorning(form)}].Remove"] = "true" }));
            await admin.SubmitAsync(confirm, "form.impact-confirm-form");
        }

        using var client = NewClient();
        var lookup = await client.GetAsync("/status");
        var result = await PageClient.ReadAsync(await client.SubmitAsync(lookup, "form[action='/status']",
            new Dictionary<string, string> { ["Code"] = mine.Code, ["Nik"] = AdminTestData.Nik }));
        var notice = result.Document.QuerySelector(".affected-appointment");
        Assert.NotNull(notice);
        Assert.Contains("Jadwal layanan berubah", notice.TextContent);

        AssertRedirect(await client.SubmitAsync(result, "form.rebook-form:has(button[data-option='SamePoint'])"), "/status");

        var after = await App.ReloadAsync(mine.Id);
        Assert.Null(after.AffectedByDisruptionId);
        Assert.NotEqual(mine.SlotId, after.SlotId);
        Assert.False(after.Slot!.IsClosed);
        Assert.Equal(Wib.At(Monday.AddDays(2), new TimeOnly(13, 0)), after.Slot.StartsAt);
        Assert.Equal(1, after.Slot.Booked);
        Assert.True(after.Slot.Booked <= after.Slot.Capacity);
        var old = await App.WithDbAsync(db => db.Slots.AsNoTracking().SingleAsync(s => s.Id == mine.SlotId));
        Assert.Equal((true, 0), (old.IsClosed, old.Booked));
    }

    [Fact]
    public async Task Removing_a_session_without_bookings_closes_its_empty_slots()
    {
        var (client, form, _) = await OpenScheduleAsync();
        using var __ = client;
        var response = await client.SubmitAsync(form, "form.schedule-form",
            new Dictionary<string, string> { [$"Sessions[{WednesdayMorning(form)}].Remove"] = "true" });

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var wednesday = await App.OpenSlotsAsync("kec-rao", Monday.AddDays(2));
        Assert.Equal(6, wednesday.Count);
        Assert.All(wednesday, s => Assert.True(s.StartsAt >= Wib.At(Monday.AddDays(2), new TimeOnly(13, 0))));
    }
}
