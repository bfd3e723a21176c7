using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Integration.Booking;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Ikd;

/// <summary>Issue 15, A3: IKD activation booked like the other services or taken as a walk-in, and its outcome at the counter.</summary>
[Collection(StaffDatabaseCollection.Name)]
public class IkdActivationTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Rao = "kec-rao";
    private const string QueuePage = "/staff/queue/kec-rao";

    private async Task<PageClient> OperatorAsync()
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, Rao));
        return client;
    }

    private static async Task<PageResult> SubmitAsync(PageClient client, string form, Dictionary<string, string>? values = null)
    {
        var page = await client.GetAsync(QueuePage);
        return await client.FollowAsync(await client.SubmitAsync(page, form, values));
    }

    private async Task<Appointment> BookIkdAsync(int slotIndex = 0)
    {
        var a = await App.BookAsync(Rao, slotIndex);
        await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == a.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Service, ServiceType.IkdActivation)));
        return a;
    }

    /// <summary>Checks the booked resident in, calls them and opens the serving page.</summary>
    private async Task<(PageResult Serve, QueueTicket Ticket)> ServeBookedAsync(PageClient client, Appointment a)
    {
        await SubmitAsync(client, "#checkin-form", new() { ["Code"] = a.Code });
        await SubmitAsync(client, "#call-form");
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync(t => t.AppointmentId == a.Id));
        return (await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}"), ticket);
    }

    [Fact]
    public async Task Ikd_activation_is_booked_through_the_API_with_its_wire_word()
    {
        using var http = App.CreateClient();
        var slot = await BookingTestData.SlotAsync(App);

        var response = await http.PostAsJsonAsync("/api/v1/bookings", BookingTestData.ApiBody(slot.Id, BookingTestData.Nik(), "ikd-activation"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await App.WithDbAsync(db => db.Appointments.SingleAsync());
        Assert.Equal(ServiceType.IkdActivation, stored.Service);
        Assert.Equal(1, await BookingTestData.BookedAsync(App, slot.Id));
    }

    [Fact]
    public async Task An_ikd_booking_does_not_block_a_recording_booking_of_the_same_NIK_but_a_second_ikd_booking_is_refused()
    {
        using var http = App.CreateClient();
        var nik = BookingTestData.Nik();
        var first = await BookingTestData.SlotAsync(App, index: 0);
        var second = await BookingTestData.SlotAsync(App, index: 1);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/bookings", BookingTestData.ApiBody(first.Id, nik, "ikd-activation"))).StatusCode);

        var again = await http.PostAsJsonAsync("/api/v1/bookings", BookingTestData.ApiBody(second.Id, nik, "ikd-activation"));
        var recording = await http.PostAsJsonAsync("/api/v1/bookings", BookingTestData.ApiBody(second.Id, nik, "new-recording"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, recording.StatusCode);
    }

    [Fact]
    public async Task The_booking_page_offers_ikd_activation_with_what_to_bring()
    {
        using var client = NewClient();
        var page = await client.GetAsync("/booking");

        var choice = page.Document.QuerySelector("#service-ikd-activation");
        Assert.NotNull(choice);
        var label = page.Document.QuerySelector("label[for='service-ikd-activation']")!.TextContent;
        Assert.Contains("Aktivasi IKD", label);
        Assert.Contains("ponsel", label);
        var place = await client.GetAsync("/booking/place?service=ikd-activation");
        Assert.Equal(HttpStatusCode.OK, place.Status);
    }

    [Fact]
    public async Task The_services_API_lists_every_service_with_its_wire_word_and_keeps_the_old_ones()
    {
        using var http = App.CreateClient();

        var services = await http.GetFromJsonAsync<JsonElement>("/api/v1/services");

        var codes = services.EnumerateArray().Select(s => s.GetProperty("code").GetString()).ToList();
        Assert.Equal(["new-recording", "replacement-lost", "replacement-damaged", "data-change", "ikd-activation"], codes);
        var ikd = services.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "ikd-activation");
        Assert.Equal("Aktivasi IKD (KTP digital)", ikd.GetProperty("name").GetString());
        Assert.False(ikd.GetProperty("makesCard").GetBoolean());
        Assert.True(services.EnumerateArray().First().GetProperty("makesCard").GetBoolean());
    }

    [Fact]
    public async Task An_ikd_walk_in_gets_a_B_ticket_for_the_ikd_service()
    {
        using var client = await OperatorAsync();
        var page = await client.GetAsync(QueuePage);
        Assert.NotNull(page.Document.QuerySelector("#walkin-service option[value='IkdActivation']"));

        var done = await SubmitAsync(client, "#walkin-form", new() { ["Service"] = "IkdActivation" });

        Assert.Contains("Nomor datang langsung B-001 diberikan.", done.Text);
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());
        Assert.Equal((TicketSeries.B, ServiceType.IkdActivation), (ticket.Series, ticket.Service));
    }

    [Fact]
    public async Task Activating_a_booked_resident_logs_the_activation_completes_the_appointment_and_makes_no_recording_or_card()
    {
        var appointment = await BookIkdAsync();
        using var client = await OperatorAsync();
        var (serve, ticket) = await ServeBookedAsync(client, appointment);
        Assert.NotNull(serve.Document.QuerySelector("#ikd-outcome-form"));
        Assert.Null(serve.Document.QuerySelector("#outcome-form"));

        var done = await client.FollowAsync(await client.SubmitAsync(serve, "#ikd-outcome-form", new Dictionary<string, string> { ["Outcome"] = "Activated" }));

        Assert.Contains("A-001: IKD diaktifkan.", done.Text);
        var (activation, status, recordings, cards, ticketStatus) = await App.WithDbAsync(async db => (
            await db.IkdActivations.SingleAsync(), await db.Appointments.Select(a => a.Status).SingleAsync(),
            await db.Recordings.CountAsync(), await db.Cards.CountAsync(), await db.QueueTickets.Select(t => t.Status).SingleAsync()));
        Assert.Equal(IkdOutcome.Activated, activation.Outcome);
        Assert.Null(activation.Reason);
        Assert.Equal(ticket.Id, activation.QueueTicketId);
        Assert.Equal(appointment.Id, activation.AppointmentId);
        Assert.Equal(StaffTestData.Village, activation.VillageCode);
        Assert.Equal(AppointmentStatus.Completed, status);
        Assert.Equal((0, 0), (recordings, cards));
        Assert.Equal(TicketStatus.Served, ticketStatus);
    }

    [Fact]
    public async Task A_failed_activation_needs_a_reason_from_the_list_and_a_note_for_other()
    {
        var appointment = await BookIkdAsync();
        using var client = await OperatorAsync();
        var (serve, _) = await ServeBookedAsync(client, appointment);

        var noReason = await PageClient.ReadAsync(await client.SubmitAsync(serve, "#ikd-outcome-form", new Dictionary<string, string> { ["Outcome"] = "Failed" }));
        Assert.Equal("Pilih alasan aktivasi IKD gagal.", noReason.FieldError("Reason"));
        var other = await PageClient.ReadAsync(await client.SubmitAsync(noReason, "#ikd-outcome-form",
            new Dictionary<string, string> { ["Outcome"] = "Failed", ["Reason"] = "Other", ["Note"] = "" }));
        Assert.Equal("Tuliskan alasannya di catatan.", other.FieldError("Note"));
        var unknown = await PageClient.ReadAsync(await client.SubmitAsync(other, "#ikd-outcome-form",
            new Dictionary<string, string> { ["Outcome"] = "Failed", ["Reason"] = "Bribery" }));
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(0, await App.WithDbAsync(db => db.IkdActivations.CountAsync()));

        var done = await client.FollowAsync(await client.SubmitAsync(unknown, "#ikd-outcome-form",
            new Dictionary<string, string> { ["Outcome"] = "Failed", ["Reason"] = "PhoneNotSupported", ["Note"] = "Android 7" }));

        Assert.Contains("A-001: aktivasi IKD gagal, alasan dicatat.", done.Text);
        var (activation, status) = await App.WithDbAsync(async db => (await db.IkdActivations.SingleAsync(), await db.Appointments.Select(a => a.Status).SingleAsync()));
        Assert.Equal((IkdOutcome.Failed, IkdFailureReason.PhoneNotSupported, "Android 7"), (activation.Outcome, activation.Reason, activation.Note));
        Assert.Equal(AppointmentStatus.NotRecorded, status);
    }

    [Fact]
    public async Task An_outcome_sent_twice_is_logged_once()
    {
        var appointment = await BookIkdAsync();
        using var client = await OperatorAsync();
        var (serve, _) = await ServeBookedAsync(client, appointment);

        var first = await client.SubmitAsync(serve, "#ikd-outcome-form", new Dictionary<string, string> { ["Outcome"] = "Activated" });
        var second = await PageClient.ReadAsync(await client.SubmitAsync(serve, "#ikd-outcome-form", new Dictionary<string, string> { ["Outcome"] = "Activated" }));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("Hasil hanya bisa dicatat untuk nomor yang sedang dipanggil.", second.Text);
        Assert.Equal(1, await App.WithDbAsync(db => db.IkdActivations.CountAsync()));
    }

    [Fact]
    public async Task A_walk_in_activation_takes_the_nagari_typed_at_the_counter_and_no_NIK()
    {
        using var client = await OperatorAsync();
        await SubmitAsync(client, "#walkin-form", new() { ["Service"] = "IkdActivation" });
        await SubmitAsync(client, "#call-form");
        var ticket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());
        var serve = await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}");
        Assert.Null(serve.Document.QuerySelector("#ikd-outcome-form [name='Nik']"));

        var bad = await PageClient.ReadAsync(await client.SubmitAsync(serve, "#ikd-outcome-form",
            new Dictionary<string, string> { ["Outcome"] = "Activated", ["VillageCode"] = "99.99.99.9999" }));
        Assert.Equal("Pilih nagari dari daftar.", bad.FieldError("VillageCode"));
        await client.FollowAsync(await client.SubmitAsync(bad, "#ikd-outcome-form",
            new Dictionary<string, string> { ["Outcome"] = "Activated", ["VillageCode"] = StaffTestData.Village }));

        var activation = await App.WithDbAsync(db => db.IkdActivations.SingleAsync());
        Assert.Equal((StaffTestData.Village, (Guid?)null), (activation.VillageCode, activation.AppointmentId));
    }

    [Fact]
    public async Task The_dashboard_counts_activations_per_point_and_per_kecamatan_of_domicile()
    {
        var rao = await App.PointIdAsync(Rao);
        var dpks = await App.PointIdAsync("dpks");
        var now = App.Clock.GetUtcNow();
        await App.WithDbAsync(async db =>
        {
            var ticketNumber = 0;
            async Task AddAsync(Guid point, IkdOutcome outcome, string? village)
            {
                var t = new QueueTicket { ServicePointId = point, ServiceDate = App.Clock.Today(), Series = TicketSeries.B, Number = ++ticketNumber,
                    Service = ServiceType.IkdActivation, Status = TicketStatus.Served, IssuedAt = now, OrderAt = now };
                db.QueueTickets.Add(t);
                db.IkdActivations.Add(new IkdActivation { ServicePointId = point, QueueTicketId = t.Id, VillageCode = village, Outcome = outcome,
                    Reason = outcome == IkdOutcome.Failed ? IkdFailureReason.NoSmartphone : null, At = now, ById = Guid.NewGuid() });
                await db.SaveChangesAsync();
            }
            await AddAsync(rao, IkdOutcome.Activated, "13.08.05.2001");
            await AddAsync(rao, IkdOutcome.Activated, "13.08.05.2001");
            await AddAsync(rao, IkdOutcome.Failed, null);
            await AddAsync(dpks, IkdOutcome.Activated, "13.08.05.2001");
        });
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));

        var page = await client.GetAsync("/dashboard");

        var byPoint = page.Document.QuerySelectorAll("#ikd-by-point tbody tr").Select(r => r.TextContent.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(byPoint, r => r.SequenceEqual(["Kantor Camat Rao", "2", "1"]));
        Assert.Contains(byPoint, r => r.SequenceEqual(["Kantor Dinas Kependudukan dan Pencatatan Sipil", "1", "0"]));
        var byKecamatan = page.Document.QuerySelectorAll("#ikd-by-kecamatan tbody tr").Select(r => r.TextContent.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(byKecamatan, r => r.SequenceEqual(["Lubuk Sikaping", "3", "0"]));
        Assert.Contains(byKecamatan, r => r.SequenceEqual(["Nagari tidak dicatat", "0", "1"]));
    }
}
