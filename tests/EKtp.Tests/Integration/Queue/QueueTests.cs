using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.AspNetCore.SignalR;
using EKtp.Web.Features.Display;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Queue;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EKtp.Tests.Integration.Queue;

[Collection(StaffDatabaseCollection.Name)]
public class QueueTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Rao = "kec-rao";
    private const string QueuePage = "/staff/queue/kec-rao";

    private async Task<PageClient> OperatorAsync(string point = Rao)
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, point));
        return client;
    }

    private static async Task<PageResult> SubmitAsync(PageClient client, string form, Dictionary<string, string>? values = null)
    {
        var page = await client.GetAsync(QueuePage);
        var response = await client.SubmitAsync(page, form, values);
        return await client.FollowAsync(response);
    }

    [Fact]
    public async Task Checking_in_by_booking_code_issues_A_numbers_in_order_and_marks_the_appointment()
    {
        var first = await App.BookAsync(Rao, slotIndex: 1);
        var second = await App.BookAsync(Rao, slotIndex: 0);
        using var client = await OperatorAsync();

        var page = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = first.Code });
        // Typed as people do: lower case, without the prefix, with a space.
        var again = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = " " + second.Code[4..].ToLowerInvariant() });

        Assert.Contains("Check-in berhasil: nomor antrean A-001.", page.Text);
        Assert.Contains("Check-in berhasil: nomor antrean A-002.", again.Text);
        var tickets = await App.WithDbAsync(db => db.QueueTickets.OrderBy(t => t.Number).ToListAsync());
        Assert.Equal([first.Id, second.Id], tickets.Select(t => t.AppointmentId!.Value));
        Assert.All(tickets, t => Assert.Equal(TicketSeries.A, t.Series));
        Assert.Equal(second.Slot!.StartsAt, tickets[1].OrderAt);
        var statuses = await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal(AppointmentStatus.CheckedIn, s));
    }

    [Fact]
    public async Task A_live_refresh_of_the_queue_page_never_answers_with_a_cookie_that_could_take_the_operators_flash_message()
    {
        // queue-live.js refreshes when the board channel announces a change, and an operator's own check-in announces
        // one before its post answers: a refresh that answered with a TempData cookie (deleting it, having been sent
        // without one) could land after the post's and take the flash message away (a CI failure of the browser journey).
        var appointment = await App.BookAsync(Rao);
        using var client = await OperatorAsync();
        var page = await client.GetAsync(QueuePage);

        using var before = await RefreshAsync(client);
        var posted = await client.SubmitAsync(page, "#checkin-form", new Dictionary<string, string> { ["Code"] = appointment.Code });
        using var between = await RefreshAsync(client);
        var next = await client.FollowAsync(posted);

        Assert.Empty(TempDataCookies(before));
        Assert.Empty(TempDataCookies(between));
        Assert.Contains("Check-in berhasil: nomor antrean A-001.", next.Text);
        // The refresh still carries the lists the script swaps in, and none of the layout.
        var lists = await between.Content.ReadAsStringAsync();
        Assert.Contains("id=\"waiting-section\"", lists);
        Assert.DoesNotContain("<html", lists);

        static async Task<HttpResponseMessage> RefreshAsync(PageClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, QueuePage);
            request.Headers.Add(QueueController.LiveRefreshHeader, "1");
            var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response;
        }

        static IEnumerable<string> TempDataCookies(HttpResponseMessage response) =>
            response.Headers.TryGetValues("Set-Cookie", out var cookies)
                ? cookies.Where(c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider", StringComparison.Ordinal)) : [];
    }

    [Fact]
    public async Task A_second_check_in_of_the_same_code_is_refused_with_the_number_it_already_has()
    {
        var appointment = await App.BookAsync(Rao);
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#checkin-form", new() { ["Code"] = appointment.Code });

        var page = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = appointment.Code });

        Assert.Equal($"Janji {appointment.Code} sudah check-in dengan nomor A-001.", page.FieldError("Code"));
        Assert.Equal(1, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task Codes_of_another_point_another_day_or_garbage_are_refused_beside_the_field()
    {
        var elsewhere = await App.BookAsync("dpks");
        var tomorrow = await App.BookAsync(Rao, date: App.Clock.Today().AddDays(1));
        using var client = await OperatorAsync();

        var other = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = elsewhere.Code });
        var later = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = tomorrow.Code });
        var garbage = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = "PSM-00" });

        Assert.StartsWith($"Janji {elsewhere.Code} terdaftar di Kantor Dinas Kependudukan dan Pencatatan Sipil pada ", other.FieldError("Code"));
        Assert.Contains($"{WibText.Span(elsewhere.Slot!.StartsAt, elsewhere.Slot.EndsAt)} WIB, bukan di Kantor Camat Rao.", other.FieldError("Code"));
        Assert.StartsWith($"Janji {tomorrow.Code} untuk ", later.FieldError("Code"));
        Assert.EndsWith($"{WibText.Span(tomorrow.Slot!.StartsAt, tomorrow.Slot.EndsAt)} WIB di Kantor Camat Rao, bukan hari ini.", later.FieldError("Code"));
        Assert.Equal("Kode janji temu tidak dikenali. Periksa lagi penulisannya.", garbage.FieldError("Code"));
        Assert.Equal(0, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task A_code_booked_at_another_point_on_another_day_says_the_place_the_day_and_the_hours()
    {
        var dayAfter = App.Clock.Today().AddDays(2);
        var appointment = await App.BookAsync("dpks", date: dayAfter, slotIndex: 3);
        var unknown = BookingCode.New();
        using var client = await OperatorAsync();

        var refused = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = appointment.Code });
        var none = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = unknown });

        var message = refused.FieldError("Code");
        Assert.Contains("Kantor Dinas Kependudukan dan Pencatatan Sipil", message);
        Assert.Contains(dayAfter.ToString("d MMMM yyyy", new System.Globalization.CultureInfo("id-ID")), message);
        Assert.Contains(WibText.Span(appointment.Slot!.StartsAt, appointment.Slot.EndsAt) + " WIB", message);
        Assert.EndsWith("bukan di Kantor Camat Rao.", message);
        Assert.Equal($"Tidak ada janji dengan kode {unknown} di Kantor Camat Rao.", none.FieldError("Code"));
        Assert.Equal(0, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task A_cancelled_code_of_another_point_says_it_is_cancelled_not_where_it_was()
    {
        var appointment = await App.BookAsync("dpks");
        await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == appointment.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Cancelled)));
        using var client = await OperatorAsync();

        var refused = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = appointment.Code });

        Assert.Equal($"Janji {appointment.Code} sudah dibatalkan.", refused.FieldError("Code"));
    }

    [Fact]
    public async Task The_serving_screen_shows_the_NIK_and_the_KK_number_in_groups_of_four_and_audits_the_view()
    {
        const string nik = "1308054101900123";
        var appointment = await App.BookAsync(Rao, nik: nik);
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#checkin-form", new() { ["Code"] = appointment.Code });
        await SubmitAsync(client, "#call-form");
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());

        var serve = await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}");

        Assert.Equal("1308 0541 0190 0123", serve.Document.QuerySelector("#resident-nik")!.TextContent);
        Assert.Equal("1308 0512 0110 0042", serve.Document.QuerySelector("#resident-kk")!.TextContent);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.ViewPersonalData));
        Assert.Equal(appointment.NikHash, audit.SubjectNikHash);
    }

    [Fact]
    public async Task Walk_in_tickets_are_numbered_B_and_refused_beyond_the_daily_quota()
    {
        await using var quota = await App.WalkInQuotaAsync(Rao, 2);
        using var client = await OperatorAsync();

        var one = await SubmitAsync(client, "#walkin-form");
        var two = await SubmitAsync(client, "#walkin-form");
        var three = await SubmitAsync(client, "#walkin-form");

        Assert.Contains("Nomor datang langsung B-001 diberikan.", one.Text);
        Assert.Contains("Nomor datang langsung B-002 diberikan.", two.Text);
        Assert.Contains("Kuota datang langsung hari ini (2 orang) sudah habis.", three.FieldError("Service"));
        Assert.Equal(2, await App.WithDbAsync(db => db.QueueTickets.CountAsync(t => t.Series == TicketSeries.B)));
    }

    [Fact]
    public async Task A_walk_in_ticket_carries_a_status_code_shown_to_the_operator_and_the_optional_phone_normalised()
    {
        using var client = await OperatorAsync();

        var withPhone = await SubmitAsync(client, "#walkin-form", new() { ["Phone"] = "0812 3456 7890" });
        var without = await SubmitAsync(client, "#walkin-form");

        var tickets = await App.WithDbAsync(db => db.QueueTickets.OrderBy(t => t.Number).ToListAsync());
        Assert.Equal(["+6281234567890", null], tickets.Select(t => t.Phone));
        Assert.All(tickets, t => Assert.True(BookingCode.IsWellFormed(t.StatusCode!), t.StatusCode));
        Assert.NotEqual(tickets[0].StatusCode, tickets[1].StatusCode);
        Assert.Contains($"Nomor datang langsung B-001 diberikan. Kode status {tickets[0].StatusCode}", withPhone.Text);
        Assert.Contains($"Kode status {tickets[1].StatusCode}", without.Text);
    }

    [Fact]
    public async Task A_walk_in_phone_that_is_not_an_Indonesian_mobile_is_refused_beside_the_field_and_no_ticket_issued()
    {
        using var client = await OperatorAsync();

        var page = await SubmitAsync(client, "#walkin-form", new() { ["Phone"] = "021 555 1234" });

        Assert.Equal("Nomor HP harus nomor seluler Indonesia, diawali 08 atau +62.", page.FieldError("Phone"));
        Assert.Equal(0, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task A_walk_in_form_sent_twice_names_the_same_status_code()
    {
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == Rao));
        var key = Guid.NewGuid();

        var first = await App.InScopeAsync(sp => sp.GetRequiredService<WalkIn>().RunAsync(point, new WalkInInput(), key));
        var second = await App.InScopeAsync(sp => sp.GetRequiredService<WalkIn>().RunAsync(point, new WalkInInput(), key));

        var code = await App.WithDbAsync(db => db.QueueTickets.Select(t => t.StatusCode).SingleAsync());
        Assert.Equal(first.Message, second.Message);
        Assert.Contains(code!, second.Message);
    }

    [Fact]
    public async Task The_walk_in_quota_holds_when_many_tickets_are_issued_at_once()
    {
        await using var quota = await App.WalkInQuotaAsync(Rao, 5);
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == Rao));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            App.InScopeAsync(sp => sp.GetRequiredService<WalkIn>().RunAsync(point, new WalkInInput())))));

        Assert.Equal(5, results.Count(r => r.Ok));
        var numbers = await App.WithDbAsync(db => db.QueueTickets.Select(t => t.Number).OrderBy(n => n).ToListAsync());
        Assert.Equal([1, 2, 3, 4, 5], numbers);
    }

    [Fact]
    public async Task Call_next_takes_checked_in_booked_residents_in_slot_order_before_walk_ins()
    {
        var late = await App.BookAsync(Rao, slotIndex: 3);
        var early = await App.BookAsync(Rao, slotIndex: 0);
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#walkin-form");
        await SubmitAsync(client, "#checkin-form", new() { ["Code"] = late.Code });
        await SubmitAsync(client, "#checkin-form", new() { ["Code"] = early.Code });

        var calls = new List<string>();
        for (var i = 0; i < 4; i++) calls.Add((await SubmitAsync(client, "#call-form", new() { ["Counter"] = "2" })).Text);

        Assert.Contains("Memanggil A-002 ke loket 2.", calls[0]);
        Assert.Contains("Memanggil A-001 ke loket 2.", calls[1]);
        Assert.Contains("Memanggil B-001 ke loket 2.", calls[2]);
        Assert.Contains("Tidak ada yang menunggu.", calls[3]);
        Assert.All(await App.WithDbAsync(db => db.QueueTickets.ToListAsync()), t => Assert.Equal(2, t.Counter));
    }

    /// <summary>Four booked residents checked in at Rao (A-001…A-004), then two walk-ins (B-001, B-002).</summary>
    private async Task<Guid> FourBookedAndTwoWalkInsWaitingAsync()
    {
        var pointId = await App.PointIdAsync(Rao);
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Id == pointId));
        for (var i = 0; i < 4; i++)
        {
            var a = await App.BookAsync(Rao, slotIndex: i);
            await App.InScopeAsync(sp => sp.GetRequiredService<CheckIn>().RunAsync(point, new CheckInInput { Code = a.Code }));
        }
        for (var i = 0; i < 2; i++) await App.InScopeAsync(sp => sp.GetRequiredService<WalkIn>().RunAsync(point, new WalkInInput()));
        return pointId;
    }

    [Fact]
    public async Task With_an_interleave_setting_one_walk_in_is_called_after_every_N_booked_residents()
    {
        var pointId = await FourBookedAndTwoWalkInsWaitingAsync();
        var user = Guid.NewGuid();
        // A clock of this test's own: the shared one cannot be turned back for the next test.
        var clock = new FakeTimeProvider(App.Clock.GetUtcNow());

        var labels = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var ticket = await App.InScopeAsync(sp => new QueueCaller(sp.GetRequiredService<EKtp.Web.Data.EKtpDbContext>(), clock,
                Options.Create(new QueueOptions { WalkInEvery = 2 }), sp.GetRequiredService<EKtp.Web.Infrastructure.FieldJournal>(),
                sp.GetRequiredService<IStringLocalizer<EKtp.Web.Features.Staff.StaffText>>())
                .CallNextAsync(pointId, 1, user));
            labels.Add(ticket!.Label);
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(["A-001", "A-002", "B-001", "A-003", "A-004", "B-002"], labels);
    }

    [Fact]
    public async Task The_boards_next_list_is_the_order_call_next_will_follow_walk_ins_interleaved()
    {
        var pointId = await FourBookedAndTwoWalkInsWaitingAsync();
        var clock = new FakeTimeProvider(App.Clock.GetUtcNow());
        var options = Options.Create(new QueueOptions { WalkInEvery = 2 });
        Task<BoardView?> Board() => App.InScopeAsync(sp => new QueueBoard(sp.GetRequiredService<EKtp.Web.Data.EKtpDbContext>(), clock, options,
            sp.GetRequiredService<IHubContext<QueueHub>>(), NullLogger<QueueBoard>.Instance).ReadAsync(Rao));

        Assert.Equal(["A-001", "A-002", "B-001", "A-003", "A-004", "B-002"], (await Board())!.Next);
        for (var i = 0; i < 5; i++)
        {
            var shown = (await Board())!.Next;
            var called = await App.InScopeAsync(sp => new QueueCaller(sp.GetRequiredService<EKtp.Web.Data.EKtpDbContext>(), clock, options,
                sp.GetRequiredService<EKtp.Web.Infrastructure.FieldJournal>(),
                sp.GetRequiredService<IStringLocalizer<EKtp.Web.Features.Staff.StaffText>>()).CallNextAsync(pointId, 1, Guid.NewGuid()));
            Assert.Equal(shown[0], called!.Label);
            clock.Advance(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(["B-002"], (await Board())!.Next);
    }

    [Fact]
    public async Task Two_operators_calling_at_once_never_call_the_same_ticket()
    {
        var pointId = await App.PointIdAsync(Rao);
        var today = App.Clock.Today();
        await App.WithDbAsync(async db =>
        {
            for (var n = 1; n <= 100; n++)
                db.QueueTickets.Add(new QueueTicket
                {
                    ServicePointId = pointId, ServiceDate = today, Series = n % 3 == 0 ? TicketSeries.B : TicketSeries.A, Number = n,
                    IssuedAt = App.Clock.GetUtcNow(), OrderAt = App.Clock.GetUtcNow().AddSeconds(n),
                });
            await db.SaveChangesAsync();
        });

        async Task<List<Guid>> Operator(int counter)
        {
            var called = new List<Guid>();
            while (await App.InScopeAsync(sp => sp.GetRequiredService<QueueCaller>().CallNextAsync(pointId, counter, Guid.NewGuid())) is { } t)
                called.Add(t.Id);
            return called;
        }
        var both = await Task.WhenAll(Task.Run(() => Operator(1)), Task.Run(() => Operator(2)));

        var all = both[0].Concat(both[1]).ToList();
        Assert.Equal(100, all.Count);
        Assert.Equal(100, all.Distinct().Count());
        Assert.True(both[0].Count > 0 && both[1].Count > 0, $"one operator called everything ({both[0].Count}/{both[1].Count})");
        var tickets = await App.WithDbAsync(db => db.QueueTickets.ToListAsync());
        Assert.All(tickets, t => { Assert.Equal(TicketStatus.Called, t.Status); Assert.Equal(1, t.CallCount); });
    }

    [Fact]
    public async Task A_called_resident_can_be_skipped_and_recalled()
    {
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#walkin-form");
        var called = await SubmitAsync(client, "#call-form", new() { ["Counter"] = "3" });
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());

        var skipped = await client.FollowAsync(await client.SubmitAsync(called, $"form[action='{QueuePage}/tickets/{ticket.Id}/skip']"));
        Assert.Equal(TicketStatus.Skipped, (await App.WithDbAsync(db => db.QueueTickets.SingleAsync())).Status);
        Assert.Contains("Nomor dilewati", skipped.Text);

        await client.FollowAsync(await client.SubmitAsync(skipped, $"form[action='{QueuePage}/tickets/{ticket.Id}/recall']"));
        var after = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());
        Assert.Equal(TicketStatus.Called, after.Status);
        Assert.Equal(2, after.CallCount);
    }

    [Fact]
    public async Task Recording_a_booked_resident_completes_the_appointment_creates_the_card_and_audits_the_data_view()
    {
        var appointment = await App.BookAsync(Rao);
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#checkin-form", new() { ["Code"] = appointment.Code });
        await SubmitAsync(client, "#call-form");
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());

        var serve = await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}");
        Assert.Contains("Siti Rahmah Nasution", serve.Text);
        var done = await client.FollowAsync(await client.SubmitAsync(serve, "#outcome-form", new Dictionary<string, string>() { ["Outcome"] = "Recorded" }));

        Assert.Contains("A-001: perekaman tercatat", done.Text);
        var (recording, card, status, audit) = await App.WithDbAsync(async db => (
            await db.Recordings.SingleAsync(), await db.Cards.Include(c => c.History).SingleAsync(),
            await db.Appointments.Select(a => a.Status).SingleAsync(),
            await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.ViewPersonalData)));
        Assert.Equal(RecordingOutcome.Recorded, recording.Outcome);
        Assert.Equal(appointment.NikHash, recording.NikHash);
        Assert.Equal(CardStatus.Recorded, card.Status);
        Assert.Equal(recording.Id, card.RecordingId);
        var change = Assert.Single(card.History);
        Assert.Null(change.From);
        Assert.Equal(recording.RecordedById, change.ById);
        Assert.Equal(AppointmentStatus.Completed, status);
        Assert.Equal(appointment.NikHash, audit.SubjectNikHash);
        Assert.Contains("A-001", audit.Reason);
        Assert.Equal(TicketStatus.Served, (await App.WithDbAsync(db => db.QueueTickets.SingleAsync())).Status);
    }

    [Fact]
    public async Task A_failed_recording_keeps_its_reason_and_frees_the_resident_to_book_again()
    {
        var appointment = await App.BookAsync(Rao);
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#checkin-form", new() { ["Code"] = appointment.Code });
        await SubmitAsync(client, "#call-form");
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());
        var serve = await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}");

        var missing = await PageClient.ReadAsync(await client.SubmitAsync(serve, "#outcome-form", new Dictionary<string, string>() { ["Outcome"] = "NotRecorded" }));
        Assert.Equal("Pilih alasan perekaman tidak berhasil.", missing.FieldError("Reason"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Recordings.CountAsync()));

        await client.FollowAsync(await client.SubmitAsync(missing, "#outcome-form",
            new Dictionary<string, string>() { ["Outcome"] = "NotRecorded", ["Reason"] = "CentralServerDown" }));

        var (recording, status, cards) = await App.WithDbAsync(async db => (
            await db.Recordings.SingleAsync(), await db.Appointments.Select(a => a.Status).SingleAsync(), await db.Cards.CountAsync()));
        Assert.Equal(NotRecordedReason.CentralServerDown, recording.Reason);
        Assert.Equal(appointment.Id, recording.AppointmentId);
        Assert.Equal(AppointmentStatus.NotRecorded, status);
        Assert.Equal(0, cards);
        // No longer an active appointment: the same NIK may book the same service again.
        var nik = App.Get<PersonalDataProtector>().Decrypt(appointment.NikCipher);
        await App.BookAsync(Rao, slotIndex: 2, nik: nik);
    }

    [Fact]
    public async Task A_walk_in_is_recorded_with_the_NIK_typed_at_the_counter()
    {
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#walkin-form");
        await SubmitAsync(client, "#call-form");
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());
        var serve = await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}");

        var bad = await PageClient.ReadAsync(await client.SubmitAsync(serve, "#outcome-form", new Dictionary<string, string>() { ["Outcome"] = "Recorded", ["Nik"] = "123" }));
        Assert.Equal("NIK harus 16 angka yang sah.", bad.FieldError("Nik"));
        var nik = StaffTestData.NewNik();
        await client.FollowAsync(await client.SubmitAsync(bad, "#outcome-form",
            new Dictionary<string, string>() { ["Outcome"] = "Recorded", ["Nik"] = nik, ["VillageCode"] = StaffTestData.Village }));

        var card = await App.WithDbAsync(db => db.Cards.SingleAsync());
        Assert.Equal(App.Get<PersonalDataProtector>().Hash(nik), card.NikHash);
        Assert.Equal(StaffTestData.Village, card.VillageCode);
    }

    [Fact]
    public async Task Booked_residents_who_never_checked_in_become_no_shows_after_the_slot_and_the_grace_period()
    {
        var absent = await App.BookAsync(Rao, slotIndex: 0);   // 07:30–08:00
        var present = await App.BookAsync(Rao, slotIndex: 0);
        var later = await App.BookAsync(Rao, slotIndex: 4);    // 09:30–10:00
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == Rao));
        await App.InScopeAsync(sp => sp.GetRequiredService<CheckIn>().RunAsync(point, new CheckInInput { Code = present.Code }));

        // The sweep runs on a clock of this test's own: the shared one cannot be turned back for the next test.
        Task<int> SweepAt(TimeOnly time) => App.InScopeAsync(sp => new NoShowSweep(sp.GetRequiredService<EKtp.Web.Data.EKtpDbContext>(),
            new FakeTimeProvider(Wib.At(App.Clock.Today(), time)), sp.GetRequiredService<IOptions<QueueOptions>>()).RunAsync());
        Assert.Equal(0, await SweepAt(new TimeOnly(8, 29)));
        Assert.Equal(1, await SweepAt(new TimeOnly(8, 31)));

        var statuses = await App.WithDbAsync(db => db.Appointments.ToDictionaryAsync(a => a.Id, a => a.Status));
        Assert.Equal(AppointmentStatus.NoShow, statuses[absent.Id]);
        Assert.Equal(AppointmentStatus.CheckedIn, statuses[present.Id]);
        Assert.Equal(AppointmentStatus.Booked, statuses[later.Id]);
        using var client = await OperatorAsync();
        var refused = await SubmitAsync(client, "#checkin-form", new() { ["Code"] = absent.Code });
        Assert.Contains("tidak hadir", refused.FieldError("Code"));
    }

    [Fact]
    public async Task A_checked_in_resident_never_served_is_closed_as_a_no_show_the_next_day()
    {
        var appointment = await App.BookAsync(Rao);
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == Rao));
        await App.InScopeAsync(sp => sp.GetRequiredService<CheckIn>().RunAsync(point, new CheckInInput { Code = appointment.Code }));
        Task<int> SweepAt(DateOnly day) => App.InScopeAsync(sp => new NoShowSweep(sp.GetRequiredService<EKtp.Web.Data.EKtpDbContext>(),
            new FakeTimeProvider(Wib.At(day, new TimeOnly(7, 0))), sp.GetRequiredService<IOptions<QueueOptions>>()).RunAsync());

        Assert.Equal(0, await SweepAt(App.Clock.Today()));
        Assert.Equal(1, await SweepAt(App.Clock.Today().AddDays(1)));

        Assert.Equal(AppointmentStatus.NoShow, await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).SingleAsync()));
        Assert.Equal(TicketStatus.NoShow, await App.WithDbAsync(db => db.QueueTickets.Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_queue_speaks_English_when_the_operator_switches_language()
    {
        using var client = await OperatorAsync();
        var page = await client.GetAsync(QueuePage);
        await client.SubmitAsync(page, "form[action='/culture']", new Dictionary<string, string> { ["culture"] = "en-US" });

        var english = await client.GetAsync(QueuePage);

        Assert.Equal("Today's queue", english.Document.QuerySelector("h1")!.FirstChild!.TextContent.Trim());
        Assert.Contains("Call next", english.Text);
    }
}
