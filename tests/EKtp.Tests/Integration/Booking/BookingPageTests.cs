using System.Net;
using System.Net.Http.Json;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Booking;

public class BookingPageTests(EKtpAppFactory app) : IntegrationTest(app)
{
    /// <summary>Walks service → place → slot → details and returns the details page.</summary>
    private async Task<(PageClient Client, PageResult Details)> OpenDetailsAsync(Guid? slotId = null)
    {
        var client = NewClient();
        var start = await client.GetAsync("/booking");
        Assert.Equal("/booking/place", start.Document.QuerySelector("form.booking-form")!.GetAttribute("action"));
        // The first steps are GET forms (PageClient posts), so they are followed as links with the form's field names.
        var place = await client.GetAsync("/booking/place?service=new-recording");
        var rao = place.Document.QuerySelectorAll("a.place-link").Single(a => a.GetAttribute("href")!.EndsWith("point=kec-rao"));
        var slots = await client.GetAsync(rao.GetAttribute("href")!);
        Assert.Contains("sisa 3 tempat", slots.Text);
        Assert.Equal("/booking/details", slots.Document.QuerySelector("form.booking-form")!.GetAttribute("action"));
        var slot = slotId ?? (await SlotAsync(App)).Id;
        var details = await client.GetAsync($"/booking/details?service=new-recording&slot={slot}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        return (client, details);
    }

    /// <summary>Submits the details form and follows its redirect to the confirmation page (or reads the form shown again).</summary>
    private static async Task<PageResult> SubmitDetailsAsync(PageClient client, PageResult details, Dictionary<string, string> values) =>
        await client.FollowAsync(await client.SubmitAsync(details, "#details-form", values));

    [Fact]
    public async Task A_resident_books_step_by_step_and_gets_a_slip_with_a_QR_code_and_a_queued_confirmation()
    {
        var (client, details) = await OpenDetailsAsync();
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(1)));
        Assert.Contains("Periksa janji Anda", confirm.Text);
        var booked = await client.SubmitAsync(confirm, "#confirm-form");

        AssertRedirect(booked, "/booking/slip");
        var slip = await client.FollowAsync(booked);
        var code = slip.Document.QuerySelector("#booking-code")!.TextContent;
        Assert.True(BookingCode.IsWellFormed(code));
        Assert.NotNull(slip.Document.QuerySelector("svg.slip-qr path"));
        Assert.Contains("Kantor Camat Rao", slip.Text);
        Assert.Contains("NIK 1308 **** **** " + Nik(1)[^4..], slip.Text);
        Assert.DoesNotContain(Nik(1), slip.Html);

        var slot = await SlotAsync(App);
        Assert.Equal(1, slot.Booked);
        await App.WithDbAsync(async db =>
        {
            var a = await db.Appointments.SingleAsync();
            Assert.Equal(code, a.Code);
            Assert.Equal("+6281234567890", a.Phone);
            Assert.Equal(AppointmentStatus.Booked, a.Status);
            var message = await db.Outbox.SingleAsync();
            Assert.Equal(NotificationKinds.BookingConfirmed, message.Kind);
            Assert.Equal("+6281234567890", message.Recipient);
            Assert.Contains(code, message.Body);
            Assert.DoesNotContain("130805", message.Body);
            // A link a phone can open: the full public address (Site:PublicBaseUrl), not a path.
            Assert.EndsWith(" http://127.0.0.1:5080/booking/manage", message.Body);
            Assert.True(message.Body.Length <= 200);
        });

        var ics = await client.Http.GetAsync("/booking/slip.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var text = await ics.Content.ReadAsStringAsync();
        Assert.Contains("DTSTART:20270302T003000Z", text);
        Assert.Contains(code, text);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "Nik", "12345", "NIK harus 16 angka." },
        { "Nik", "0908051505900001", "Dua angka pertama NIK (kode provinsi) tidak dikenal." },
        { "Nik", "1300051505900001", "Angka ke-3 dan ke-4 NIK (kode kabupaten/kota) tidak sah." },
        { "Nik", "1308053205900001", "Angka ke-7 sampai ke-12 NIK (tanggal lahir) tidak sah." },
        { "Nik", "1308051505900000", "Empat angka terakhir NIK tidak boleh 0000." },
        { "KkNumber", "1308", "Nomor KK harus 16 angka, diawali kode wilayah yang sah." },
        { "FullName", "", "Isi nama lengkap sesuai KK." },
        { "FullName", "Siti <script>", "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik, dan tanda hubung." },
        { "BirthDate", "31-02-1990", "Tanggal lahir tidak dikenali. Tulis seperti 31-12-1990." },
        { "Phone", "021-555-1234", "Nomor HP harus nomor seluler Indonesia, diawali 08 atau +62." },
        { "Email", "siti@", "Alamat email tidak sah (boleh dikosongkan)." },
        { "VillageCode", "13.09.01.2001", "Nagari tidak dikenal. Pilih dari daftar." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_beside_its_field_and_nothing_is_written(string field, string value, string message)
    {
        var (client, details) = await OpenDetailsAsync();
        var values = Details(Nik(1));
        values[field] = value;

        var page = await SubmitDetailsAsync(client, details, values);

        Assert.Equal(message, page.FieldError(field));
        Assert.Equal(0, await AppointmentCountAsync(App));
        Assert.Equal(0, (await SlotAsync(App)).Booked);
        Assert.Equal(0, await App.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Bad_input_posted_straight_to_the_confirm_step_is_refused_too()
    {
        var (client, details) = await OpenDetailsAsync();
        var values = Details("1308051505900000");
        values["Service"] = "new-recording";
        values["SlotId"] = (await SlotAsync(App)).Id.ToString();
        values["IdempotencyKey"] = Guid.NewGuid().ToString();

        var page = await PageClient.ReadAsync(await client.PostAsync("/booking/confirm", details, values));

        Assert.Equal("Empat angka terakhir NIK tidak boleh 0000.", page.FieldError("Nik"));
        Assert.Equal(0, await AppointmentCountAsync(App));
    }

    [Fact]
    public async Task A_birth_date_that_differs_from_the_NIK_is_a_warning_the_resident_can_confirm()
    {
        var (client, details) = await OpenDetailsAsync();
        var warned = await SubmitDetailsAsync(client, details, Details(Nik(1), "1990-05-16"));
        Assert.Equal("Tanggal lahir berbeda dengan tanggal di NIK (15-05-1990). Periksa kembali; bila sudah benar, centang konfirmasi.",
            warned.FieldError("BirthDate"));
        Assert.NotNull(warned.Document.QuerySelector("#BirthDateConfirmed"));

        var values = Details(Nik(1), "1990-05-16");
        values["BirthDateConfirmed"] = "true";
        var confirm = await SubmitDetailsAsync(client, warned, values);
        AssertRedirect(await client.SubmitAsync(confirm, "#confirm-form"), "/booking/slip");
        Assert.Equal(new DateOnly(1990, 5, 16), await App.WithDbAsync(db => db.Appointments.Select(a => a.BirthDate).SingleAsync()));
    }

    [Fact]
    public async Task A_woman_s_NIK_has_forty_added_to_her_birth_day()
    {
        var (client, details) = await OpenDetailsAsync();
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(7, "550590"), "1990-05-15"));
        Assert.Contains("Periksa janji Anda", confirm.Text);
    }

    [Fact]
    public async Task Under_seventeen_a_resident_must_be_married_or_once_married()
    {
        // Born 10 June 2012: 14 on 1 March 2027.
        var young = Nik(3, "100612");
        var (client, details) = await OpenDetailsAsync();

        var asked = await SubmitDetailsAsync(client, details, Details(young, "2012-06-10"));
        Assert.Equal("Anda belum berumur 17 tahun. Jawab: apakah Anda sudah atau pernah kawin?", asked.FieldError("MarriedOrOnceMarried"));

        var no = Details(young, "2012-06-10");
        no["MarriedOrOnceMarried"] = "false";
        var refused = await SubmitDetailsAsync(client, asked, no);
        Assert.Equal("Anda belum wajib KTP-el: umur di bawah 17 tahun dan belum pernah kawin.", refused.FieldError("MarriedOrOnceMarried"));

        var yes = Details(young, "2012-06-10");
        yes["MarriedOrOnceMarried"] = "true";
        var confirm = await SubmitDetailsAsync(client, refused, yes);
        AssertRedirect(await client.SubmitAsync(confirm, "#confirm-form"), "/booking/slip");
        Assert.True(await App.WithDbAsync(db => db.Appointments.Select(a => a.DeclaredMarried).SingleAsync()));
    }

    [Fact]
    public async Task Messages_are_in_English_when_English_is_chosen()
    {
        var (client, details) = await OpenDetailsAsync();
        await client.Http.GetAsync("/culture?culture=en-US&returnUrl=%2F");
        var values = Details("12345");
        var page = await SubmitDetailsAsync(client, details, values);
        Assert.Equal("The NIK must be 16 digits.", page.FieldError("Nik"));
    }

    [Fact]
    public async Task A_double_submitted_form_yields_one_appointment()
    {
        var (client, details) = await OpenDetailsAsync();
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(1)));

        var first = client.SubmitAsync(confirm, "#confirm-form");
        var second = client.SubmitAsync(confirm, "#confirm-form");
        var responses = await Task.WhenAll(first, second);
        var third = await client.SubmitAsync(confirm, "#confirm-form");

        Assert.All(responses.Append(third), r => AssertRedirect(r, "/booking/slip"));
        Assert.Equal(1, await AppointmentCountAsync(App));
        Assert.Equal(1, (await SlotAsync(App)).Booked);
        Assert.Equal(1, await App.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task The_same_confirm_form_sent_again_after_cancelling_shows_the_cancel_not_a_fresh_slip()
    {
        var (client, details) = await OpenDetailsAsync();
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(1)));
        AssertRedirect(await client.SubmitAsync(confirm, "#confirm-form"), "/booking/slip");
        var code = await App.WithDbAsync(db => db.Appointments.Select(a => a.Code).SingleAsync());
        var manage = NewClient();
        var found = await manage.SubmitAsync(await manage.GetAsync("/booking/manage"), "#lookup-form",
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = Nik(1) });
        var appointment = await manage.FollowAsync(found);
        await manage.SubmitAsync(await manage.GetAsync("/booking/manage/cancel"), "#cancel-form");
        Assert.Equal(AppointmentStatus.Cancelled, await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).SingleAsync()));

        var again = await PageClient.ReadAsync(await client.SubmitAsync(confirm, "#confirm-form"));

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var refusal = again.Document.QuerySelector("#refusal")!.TextContent;
        Assert.Contains(code, refusal);
        Assert.Contains("Dibatalkan", refusal);
        Assert.NotNull(again.Document.QuerySelector("a[href='/booking']"));
        Assert.Equal(1, await AppointmentCountAsync(App));
        Assert.Equal(0, (await SlotAsync(App)).Booked);
        Assert.Equal(AppointmentStatus.Cancelled, await App.WithDbAsync(db => db.Appointments.Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_second_active_booking_for_the_same_NIK_and_service_is_refused_with_a_way_to_manage_the_first()
    {
        var (client, details) = await OpenDetailsAsync();
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(1)));
        await client.SubmitAsync(confirm, "#confirm-form");

        var (again, details2) = await OpenDetailsAsync((await SlotAsync(App, index: 1)).Id);
        var confirm2 = await SubmitDetailsAsync(again, details2, Details(Nik(1)));
        var refused = await PageClient.ReadAsync(await again.SubmitAsync(confirm2, "#confirm-form"));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("sudah memiliki janji aktif untuk layanan yang sama", refused.Document.QuerySelector("#refusal")!.TextContent);
        Assert.NotNull(refused.Document.QuerySelector("a[href='/booking/manage']"));
        Assert.Equal(1, await AppointmentCountAsync(App));
        Assert.Equal(0, (await SlotAsync(App, index: 1)).Booked);
    }

    [Fact]
    public async Task A_slot_that_filled_up_meanwhile_is_refused_and_the_next_free_slot_can_be_booked_at_once()
    {
        var slot = await SlotAsync(App);
        var (client, details) = await OpenDetailsAsync(slot.Id);
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(1)));
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity)));

        var refused = await PageClient.ReadAsync(await client.SubmitAsync(confirm, "#confirm-form"));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("Jadwal ini sudah penuh", refused.Document.QuerySelector("#refusal")!.TextContent);
        Assert.Equal(0, await AppointmentCountAsync(App));
        var next = await client.SubmitAsync(refused, "form.next-slot");
        AssertRedirect(next, "/booking/slip");
        var booked = await App.WithDbAsync(db => db.Appointments.Select(a => a.SlotId).SingleAsync());
        Assert.Equal((await SlotAsync(App, index: 1)).Id, booked);
    }

    [Fact]
    public async Task A_slot_closed_meanwhile_gets_its_own_message()
    {
        var slot = await SlotAsync(App);
        var (client, details) = await OpenDetailsAsync(slot.Id);
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(1)));
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsClosed, true)));

        var refused = await PageClient.ReadAsync(await client.SubmitAsync(confirm, "#confirm-form"));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("Jadwal ini sudah ditutup sejak Anda memilihnya", refused.Document.QuerySelector("#refusal")!.TextContent);
        Assert.NotNull(refused.Document.QuerySelector("form.next-slot"));
        Assert.Equal(0, await AppointmentCountAsync(App));
    }

    [Fact]
    public async Task Only_slots_from_tomorrow_with_room_are_offered()
    {
        var full = await SlotAsync(App);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == full.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity)));
        using var client = NewClient();
        var page = await client.GetAsync("/booking/slots?service=new-recording&point=kec-rao");

        Assert.DoesNotContain(page.Document.QuerySelectorAll("input[name='slot']"), i => i.GetAttribute("value") == full.Id.ToString());
        Assert.Equal(14, page.Document.QuerySelectorAll("input[name='slot']").Length);
        Assert.DoesNotContain(page.Document.QuerySelectorAll("a.day-link"), a => a.GetAttribute("href")!.Contains("date=2027-03-01"));
    }

    [Fact]
    public async Task Mobile_unit_stops_are_listed_by_nagari_and_date_and_their_slots_can_be_chosen()
    {
        await App.WithDbAsync(async db =>
        {
            var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
            db.MobileStops.Add(new MobileStop
            {
                ServicePointId = unit.Id, Date = new DateOnly(2027, 3, 3), VillageCode = Village, Place = "Kantor Wali Nagari",
                Start = new TimeOnly(9, 0), End = new TimeOnly(12, 0),
            });
            await db.SaveChangesAsync();
        });
        using (var scope = App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<EKtp.Web.Features.Scheduling.SlotGenerator>().GenerateAsync();
        using var client = NewClient();

        var place = await client.GetAsync("/booking/place?service=new-recording");
        Assert.Contains("Nagari Tanjuang Baringin", place.Text);
        var stop = place.Document.QuerySelectorAll("a.place-link").Single(a => a.TextContent.Contains("Kantor Wali Nagari"));
        Assert.Contains("3 Maret 2027", stop.TextContent);
        var slots = await client.GetAsync(stop.GetAttribute("href")!);

        Assert.Equal(6, slots.Document.QuerySelectorAll("input[name='slot']").Length);
        Assert.Contains("09.00", slots.Text);
    }

    [Fact]
    public async Task The_slip_the_manage_page_status_and_the_API_show_at_most_eight_digits_of_the_NIK_and_KK()
    {
        var (client, details) = await OpenDetailsAsync();
        var confirm = await SubmitDetailsAsync(client, details, Details(Nik(1)));
        var slip = await client.FollowAsync(await client.SubmitAsync(confirm, "#confirm-form"));
        var code = slip.Document.QuerySelector("#booking-code")!.TextContent;
        var lookup = new Dictionary<string, string> { ["Code"] = code, ["Nik"] = Nik(1) };
        var manageClient = NewClient();
        var manage = await manageClient.FollowAsync(await manageClient.SubmitAsync(await manageClient.GetAsync("/booking/manage"), "#lookup-form", lookup));
        var statusClient = NewClient();
        var status = await PageClient.ReadAsync(await statusClient.SubmitAsync(await statusClient.GetAsync("/status"), "#lookup-form", lookup));
        using var api = App.CreateClient();
        var answer = await (await api.PostAsJsonAsync("/api/v1/bookings/lookup", new { code, nik = Nik(1) })).Content.ReadAsStringAsync();

        Assert.Contains("NIK 1308 **** **** 0001", slip.Text);
        Assert.Contains(code, manage.Text);
        Assert.Contains(code, status.Text);
        Assert.Contains(code, answer);
        foreach (var shown in new[] { slip.Html, manage.Html, status.Html, answer })
        {
            AssertAtMostEightDigits(shown, Nik(1));
            AssertAtMostEightDigits(shown, Kk);
        }
    }

    /// <summary>None of the middle eight digits of a number, in any way it was ever shown (full, grouped, or with only the last four hidden).</summary>
    private static void AssertAtMostEightDigits(string shown, string number)
    {
        foreach (var leak in new[] { number, EKtp.Web.Domain.Nik.Grouped(number), number[..12], EKtp.Web.Domain.Nik.Grouped(number)[..14], number[4..12],
                     EKtp.Web.Domain.Nik.Grouped(number[4..12]) })
            Assert.DoesNotContain(leak, shown);
    }
}
