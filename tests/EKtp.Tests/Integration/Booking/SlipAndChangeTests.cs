using System.Net;
using System.Text.RegularExpressions;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Booking;
using EKtp.Web.Features.Queue;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Booking;

/// <summary>Issue 14, items 3, 4, 9 and 11: the slip found again, told of every change, small traps, the queue from home.</summary>
public partial class SlipAndChangeTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [GeneratedRegex(@"\b\d{2}:\d{2}\b")]
    private static partial Regex ColonClock();

    private async Task<(PageClient Client, PageResult Manage)> FindAsync(string code, string nik)
    {
        var client = NewClient();
        var found = await client.SubmitAsync(await client.GetAsync("/booking/manage"), "#lookup-form",
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = nik });
        AssertRedirect(found, "/booking/manage/appointment");
        return (client, await client.FollowAsync(found));
    }

    private async Task<(PageClient Client, PageResult Details)> DetailsAsync()
    {
        var client = NewClient();
        var details = await client.GetAsync($"/booking/details?service=new-recording&slot={(await SlotAsync(App)).Id}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        return (client, details);
    }

    [Fact]
    public async Task The_checked_answers_reach_the_confirmation_page_by_redirect_and_after_booking_it_leads_to_the_slip()
    {
        var (client, details) = await DetailsAsync();

        var posted = await client.SubmitAsync(details, "#details-form", Details(Nik(1)));

        AssertRedirect(posted, "/booking/confirm");
        var confirm = await client.FollowAsync(posted);
        Assert.Contains("Periksa janji Anda", confirm.Text);
        Assert.True(confirm.Response.Headers.CacheControl?.NoStore, "the confirmation page shows personal data and must not be cached");
        Assert.Equal("15 Mei 1990", confirm.Document.QuerySelector("#confirm-birth-date")!.TextContent);
        Assert.Equal("0812-3456-7890", confirm.Document.QuerySelector("#confirm-phone")!.TextContent);
        Assert.DoesNotContain("+6281234567890", confirm.Text);
        Assert.DoesNotContain("1990-05-15", confirm.Text);
        Assert.DoesNotContain(Nik(1), posted.Headers.Location!.OriginalString);
        AssertRedirect(await client.SubmitAsync(confirm, "#confirm-form"), "/booking/slip");

        // Back from the slip: a GET that leads to the slip, never a form sent again.
        AssertRedirect(await client.Http.GetAsync("/booking/confirm"), "/booking/slip");
        Assert.Equal(1, await AppointmentCountAsync(App));
    }

    [Fact]
    public async Task The_confirmation_page_without_checked_answers_sends_the_resident_to_the_start()
    {
        using var client = NewClient();

        AssertRedirect(await client.Http.GetAsync("/booking/confirm"), "/booking");
    }

    [Fact]
    public async Task After_a_lookup_the_manage_page_shows_the_slip_again_with_its_QR_code_and_the_residents_own_name()
    {
        using var api = App.CreateClient();
        var code = await BookByApiAsync(api, (await SlotAsync(App)).Id, Nik(1));

        var (client, manage) = await FindAsync(code, Nik(1));

        var slip = manage.Document.QuerySelector("#manage-slip")!;
        Assert.NotNull(slip.QuerySelector("svg.slip-qr path"));
        Assert.Equal(code, slip.QuerySelector("#booking-code")!.TextContent);
        Assert.StartsWith("Siti Rahmah · NIK ", slip.QuerySelector("#slip-name")!.TextContent);
        Assert.Equal($"janji-ktp-el-{code}.png", slip.QuerySelector("#slip-download")!.GetAttribute("data-file"));
        Assert.NotNull(manage.Document.QuerySelector("script[src*='slip-image']"));
        Assert.DoesNotContain(Nik(1), manage.Html);
        Assert.DoesNotMatch(ColonClock(), slip.TextContent);
        var ics = await client.Http.GetAsync("/booking/slip.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.Contains(code, await ics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_slip_after_booking_names_the_resident_in_full_and_links_the_page_that_finds_it_again()
    {
        var (client, details) = await DetailsAsync();
        var confirm = await client.FollowAsync(await client.SubmitAsync(details, "#details-form", Details(Nik(1))));

        var slip = await client.FollowAsync(await client.SubmitAsync(confirm, "#confirm-form"));

        Assert.StartsWith("Siti Rahmah · NIK ", slip.Document.QuerySelector("#slip-name")!.TextContent);
        Assert.Equal("http://127.0.0.1:5080/booking/manage", slip.Document.QuerySelector("a#manage-link")!.GetAttribute("href"));
        Assert.DoesNotContain("tidak tersimpan di alamatnya", slip.Text);
        Assert.DoesNotMatch(ColonClock(), slip.Document.QuerySelector(".slip")!.TextContent);
    }

    [Fact]
    public async Task Rescheduling_queues_a_message_with_the_new_time_and_place_and_a_refused_move_queues_none()
    {
        using var api = App.CreateClient();
        var code = await BookByApiAsync(api, (await SlotAsync(App)).Id, Nik(1));
        var full = await SlotAsync(App, index: 2);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == full.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity)));
        var target = await SlotAsync(App, date: Tomorrow.AddDays(1));
        var (client, manage) = await FindAsync(code, Nik(1));

        var refused = await client.PostAsync("/booking/manage/reschedule", manage, new Dictionary<string, string> { ["slotId"] = full.Id.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == NotificationKinds.Rescheduled)));

        AssertRedirect(await client.PostAsync("/booking/manage/reschedule", manage, new Dictionary<string, string> { ["slotId"] = target.Id.ToString() }),
            "/booking/slip");

        var message = await App.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Kind == NotificationKinds.Rescheduled));
        Assert.Equal("+6281234567890", message.Recipient);
        Assert.Equal($"EKtp: Janji {code} dipindah ke {WibText.InMessage(target.StartsAt)} di Kantor Camat Rao. Bawa KK. Ubah/batal: " +
            "http://127.0.0.1:5080/booking/manage", message.Body);
    }

    [Fact]
    public async Task Moving_back_to_the_first_slot_is_announced_too()
    {
        using var api = App.CreateClient();
        var first = await SlotAsync(App);
        var code = await BookByApiAsync(api, first.Id, Nik(1));
        var other = await SlotAsync(App, index: 1);
        var (client, manage) = await FindAsync(code, Nik(1));

        await client.PostAsync("/booking/manage/reschedule", manage, new Dictionary<string, string> { ["slotId"] = other.Id.ToString() });
        await client.PostAsync("/booking/manage/reschedule", manage, new Dictionary<string, string> { ["slotId"] = first.Id.ToString() });

        Assert.Equal(2, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == NotificationKinds.Rescheduled)));
        Assert.Equal(first.Id, await App.WithDbAsync(db => db.Appointments.Select(a => a.SlotId).SingleAsync()));
    }

    [Fact]
    public async Task Cancelling_asks_first_then_queues_a_message_on_how_to_book_again()
    {
        using var api = App.CreateClient();
        var code = await BookByApiAsync(api, (await SlotAsync(App)).Id, Nik(1));
        var (client, manage) = await FindAsync(code, Nik(1));
        Assert.Null(manage.Document.QuerySelector("#cancel-form"));

        var asked = await client.GetAsync("/booking/manage/cancel");
        Assert.Contains(code, asked.Document.QuerySelector("#cancel-question")!.TextContent);
        Assert.Equal(AppointmentStatus.Booked, await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).SingleAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == NotificationKinds.Cancelled)));

        AssertRedirect(await client.SubmitAsync(asked, "#cancel-form"), "/booking/manage/appointment");

        var message = await App.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Kind == NotificationKinds.Cancelled));
        Assert.Contains(code, message.Body);
        Assert.Contains("buat janji baru di http://127.0.0.1:5080/booking", message.Body);
        Assert.True(message.Body.Length <= 160, message.Body);
    }

    [Fact]
    public async Task Without_a_found_appointment_the_cancel_question_sends_the_resident_to_the_lookup()
    {
        using var client = NewClient();

        AssertRedirect(await client.Http.GetAsync("/booking/manage/cancel"), "/booking/manage");
    }

    [Fact]
    public async Task A_cancel_past_the_cut_off_queues_no_message()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        var code = await BookByApiAsync(api, slot.Id, Nik(1));
        App.Clock.SetUtcNow(slot.StartsAt.AddHours(-1));
        var (client, _) = await FindAsync(code, Nik(1));

        // Past the cut-off the page has no form and so no token; the lookup form's is as good.
        var refused = await client.PostAsync("/booking/manage/cancel", await client.GetAsync("/booking/manage"), new Dictionary<string, string> { ["reason"] = "" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == NotificationKinds.Cancelled)));
    }

    [Fact]
    public async Task A_cancel_whose_message_cannot_be_queued_does_not_commit()
    {
        using var api = App.CreateClient();
        var slot = await SlotAsync(App);
        await BookByApiAsync(api, slot.Id, Nik(1));
        var appointment = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        // A row already holding the cancel message's key makes its insert fail inside the change's transaction.
        await App.WithDbAsync(async db =>
        {
            db.Outbox.Add(new OutboxMessage { Kind = "test", DedupKey = $"cancelled:{appointment.Id:N}", Recipient = "+62811", Body = "x" });
            await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() =>
            App.InScopeAsync(sp => sp.GetRequiredService<ChangeAppointment>().CancelAsync(appointment.Id, null)));

        Assert.Equal(AppointmentStatus.Booked, await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).SingleAsync()));
        Assert.Equal(1, await BookedAsync(App, slot.Id));
        Assert.Equal(0, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == NotificationKinds.Cancelled)));
    }

    [Fact]
    public async Task The_error_summary_links_each_message_to_its_field()
    {
        var (client, details) = await DetailsAsync();
        var values = Details("12345");
        values["FullName"] = "";

        var page = await client.FollowAsync(await client.SubmitAsync(details, "#details-form", values));

        var links = page.Document.QuerySelectorAll("#error-summary a").ToList();
        Assert.Equal(["#Nik", "#FullName"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal(page.FieldError("Nik"), links[0].TextContent);
        Assert.All(links, a => Assert.NotNull(page.Document.GetElementById(a.GetAttribute("href")![1..])));
    }

    [Fact]
    public async Task The_KK_field_says_where_the_number_is_on_the_family_card()
    {
        var (_, details) = await DetailsAsync();

        Assert.Equal("Nomor KK ada di kanan atas Kartu Keluarga.", details.Document.QuerySelector("#KkNumber-hint")!.TextContent);
        Assert.Contains("KkNumber-hint", details.Document.QuerySelector("#KkNumber")!.GetAttribute("aria-describedby"));
    }

    private async Task<PageResult> StatusAsync(string code, string nik)
    {
        using var client = NewClient();
        return await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync("/status"), "#lookup-form",
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = nik }));
    }

    [Fact]
    public async Task Status_of_todays_appointment_shows_the_number_called_the_residents_own_and_links_the_board()
    {
        var niks = Enumerable.Range(0, 4).Select(_ => StaffTestData.NewNik()).ToList();
        var booked = new List<Appointment>();
        for (var i = 0; i < 4; i++) booked.Add(await App.BookAsync("kec-rao", slotIndex: i, nik: niks[i]));
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == "kec-rao"));
        for (var i = 0; i < 3; i++)
            await App.InScopeAsync(sp => sp.GetRequiredService<CheckIn>().RunAsync(point, new CheckInInput { Code = booked[i].Code }));
        await App.WithDbAsync(db => db.QueueTickets.Where(t => t.Number == 1).ExecuteUpdateAsync(u => u
            .SetProperty(t => t.Status, TicketStatus.Called).SetProperty(t => t.Counter, 1).SetProperty(t => t.CalledAt, App.Clock.GetUtcNow())));

        var third = await StatusAsync(booked[2].Code, niks[2]);
        var notCheckedIn = await StatusAsync(booked[3].Code, niks[3]);
        var called = await StatusAsync(booked[0].Code, niks[0]);

        Assert.Equal("Anda nomor A-003; sedang dipanggil A-001. 1 orang lagi sebelum Anda.", third.Document.QuerySelector("#queue-text")!.TextContent);
        Assert.Equal("/display/kec-rao", third.Document.QuerySelector("a#board-link")!.GetAttribute("href"));
        Assert.StartsWith("Sedang dipanggil A-001.", notCheckedIn.Document.QuerySelector("#queue-text")!.TextContent);
        Assert.Equal("Nomor Anda A-001 sudah dipanggil. Segera ke loket.", called.Document.QuerySelector("#queue-text")!.TextContent);
        // The board says the same.
        var board = await NewClient().GetAsync("/display/kec-rao");
        Assert.Contains("A-001", board.Text);
    }

    [Fact]
    public async Task Status_of_an_appointment_on_another_day_shows_no_queue()
    {
        using var api = App.CreateClient();
        var code = await BookByApiAsync(api, (await SlotAsync(App)).Id, Nik(1));

        var page = await StatusAsync(code, Nik(1));

        Assert.NotNull(page.Document.QuerySelector("#status-result"));
        Assert.Null(page.Document.QuerySelector("#queue-text"));
    }
}
