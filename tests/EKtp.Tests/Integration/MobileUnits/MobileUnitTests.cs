using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.MobileUnits;
using EKtp.Web.Infrastructure;
using FluentValidation;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Integration.MobileUnits;

public class MobileUnitTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string PadangMantinggi = "13.08.14.2005"; // a nagari of Kecamatan Rao
    private const string TaruangTaruang = "13.08.14.2002";

    [Fact]
    public async Task A_stop_beyond_the_booking_window_is_refused_with_the_window_in_a_translated_message()
    {
        using var scope = App.Services.CreateScope();
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<MobileStopInput>>();
        var days = scope.ServiceProvider.GetRequiredService<IOptions<BookingOptions>>().Value.WindowDays;
        var input = new MobileStopInput
        {
            UnitCode = "mobil-1", Date = App.Clock.Today().AddDays(days + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            VillageCode = PadangMantinggi, Place = "Kantor Wali Nagari",
        };
        async Task<string> MessageIn(string culture)
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try { return Assert.Single((await validator.ValidateAsync(input)).Errors, e => e.PropertyName == nameof(input.Date)).ErrorMessage; }
            finally { CultureInfo.CurrentUICulture = previous; }
        }

        Assert.Equal($"Tanggal kunjungan paling lambat {days} hari dari hari ini.", await MessageIn("id-ID"));
        Assert.Equal($"The visit date may be at most {days} days from today.", await MessageIn("en-US"));
    }

    private async Task<PageClient> AdminAsync()
    {
        var admin = await App.CreateAsync(Roles.Admin);
        var client = NewClient();
        await client.SignInAsync(admin);
        return client;
    }

    private static Dictionary<string, string> Stop(string date, string place = "Kantor Wali Nagari", string start = "08:00", string end = "12:00") => new()
    {
        ["UnitCode"] = "mobil-1", ["Date"] = date, ["VillageCode"] = PadangMantinggi, ["Place"] = place,
        ["Start"] = start, ["End"] = end, ["SlotMinutes"] = "30", ["CapacityPerSlot"] = "5",
    };

    private async Task<JsonElement[]> SlotsAsync(string date)
    {
        using var api = App.CreateClient();
        return (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/service-points/mobil-1/slots?from={date}&to={date}"))!;
    }

    [Fact]
    public async Task A_planned_stop_is_bookable_and_changing_its_place_tells_each_booked_resident_once()
    {
        using var admin = await AdminAsync();
        var page = await admin.GetAsync("/admin/mobile-stops");
        AssertRedirect(await admin.SubmitAsync(page, "#stop-form", Stop("2027-03-03")), "/admin/mobile-stops");

        var slots = await SlotsAsync("2027-03-03");
        Assert.Equal(8, slots.Length);
        Assert.Equal("2027-03-03T08:00:00+07:00", slots[0].GetProperty("start").GetString());
        Assert.Equal(PadangMantinggi, slots[0].GetProperty("stop").GetProperty("regionCode").GetString());
        Assert.Equal(5, slots[0].GetProperty("available").GetInt32());

        var one = await App.BookAsync("mobil-1", Monday.AddDays(2), new(8, 0));
        var two = await App.BookAsync("mobil-1", Monday.AddDays(2), new(9, 30), phone: "+6285211113333");
        var stop = await App.WithDbAsync(db => db.MobileStops.AsNoTracking().SingleAsync());

        page = await admin.GetAsync($"/admin/mobile-stops/{stop.Id}/edit");
        AssertRedirect(await admin.SubmitAsync(page, "#stop-form", new Dictionary<string, string> { ["Place"] = "Masjid Raya Padang Mantinggi" }),
            "/admin/mobile-stops");
        var messages = await App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == NotificationKinds.MobileStopChanged).ToListAsync());
        Assert.Equal(2, messages.Count);
        Assert.Equal(new[] { one.Id, two.Id }.Order(), messages.Select(m => Guid.Parse(m.DedupKey.Split(':')[1])).Order());
        Assert.Contains("Masjid Raya Padang Mantinggi", messages.Single(m => m.Recipient == "+6285211113333").Body);
        Assert.Contains(two.Code, messages.Single(m => m.Recipient == "+6285211113333").Body);

        // Capacity only: nobody needs telling.
        page = await admin.GetAsync($"/admin/mobile-stops/{stop.Id}/edit");
        await admin.SubmitAsync(page, "#stop-form", new Dictionary<string, string> { ["CapacityPerSlot"] = "6" });
        Assert.Equal(2, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == NotificationKinds.MobileStopChanged)));

        // Hours that would drop a booked slot, or a new date, are refused beside the field; nothing changes.
        page = await admin.GetAsync($"/admin/mobile-stops/{stop.Id}/edit");
        var refused = await PageClient.ReadAsync(await admin.SubmitAsync(page, "#stop-form", new Dictionary<string, string> { ["Start"] = "09:00" }));
        Assert.Equal("Jam baru tidak mencakup semua jam yang sudah dipesan warga.", refused.FieldError("Start"));
        refused = await PageClient.ReadAsync(await admin.SubmitAsync(page, "#stop-form", new Dictionary<string, string> { ["Date"] = "2027-03-04" }));
        Assert.StartsWith("Kunjungan ini sudah dipesan warga", refused.FieldError("Date"));
        var unchanged = await App.WithDbAsync(db => db.MobileStops.AsNoTracking().SingleAsync());
        Assert.Equal((new TimeOnly(8, 0), Monday.AddDays(2)), (unchanged.Start, unchanged.Date));
    }

    [Fact]
    public async Task Cancelling_a_stop_with_bookings_marks_them_affected_notifies_them_and_closes_its_slots()
    {
        using var admin = await AdminAsync();
        var page = await admin.GetAsync("/admin/mobile-stops");
        await admin.SubmitAsync(page, "#stop-form", Stop("2027-03-03"));
        var booked = await App.BookAsync("mobil-1", Monday.AddDays(2), new(10, 0));
        var stop = await App.WithDbAsync(db => db.MobileStops.AsNoTracking().SingleAsync());

        page = await admin.GetAsync("/admin/mobile-stops");
        AssertRedirect(await admin.SubmitAsync(page, $"form[action='/admin/mobile-stops/{stop.Id}/cancel']",
            new Dictionary<string, string> { ["reason"] = "Jalan ke nagari putus karena longsor" }), "/admin/mobile-stops");

        var after = await App.ReloadAsync(booked.Id);
        Assert.NotNull(after.AffectedByDisruptionId);
        var disruption = await App.WithDbAsync(db => db.Disruptions.AsNoTracking().SingleAsync());
        Assert.Equal((DisruptionKind.MobileStopCancelled, after.AffectedByDisruptionId), (disruption.Kind, (Guid?)disruption.Id));
        var message = await App.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Kind == NotificationKinds.AffectedByDisruption));
        Assert.Contains("dibatalkan", message.Body);
        Assert.Contains(booked.Code, message.Body);
        Assert.Empty(await SlotsAsync("2027-03-03"));
        Assert.Equal(MobileStopStatus.Cancelled, (await App.WithDbAsync(db => db.MobileStops.AsNoTracking().SingleAsync())).Status);
    }

    [Fact]
    public async Task A_visit_request_is_validated_beside_each_field_and_nothing_is_written()
    {
        using var client = NewClient();
        var page = await client.GetAsync("/mobile-visit");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var result = await PageClient.ReadAsync(await client.SubmitAsync(page, "#mobile-visit", new Dictionary<string, string>
        {
            ["ContactName"] = "", ["Phone"] = "12345", ["VillageCode"] = "13.08.14", ["Place"] = "Balai", ["PeopleCount"] = "5",
            ["PreferredDate1"] = "2027-03-02",
        }));
        Assert.Equal("Isi nama penanggung jawab.", result.FieldError("ContactName"));
        Assert.Equal("Isi nomor HP yang aktif, misalnya 0812 3456 7890.", result.FieldError("Phone"));
        Assert.Equal("Pilih nagari.", result.FieldError("VillageCode"));
        Assert.Equal("Kunjungan dapat diminta untuk paling sedikit 15 warga yang perlu direkam.", result.FieldError("PeopleCount"));
        Assert.Equal("Pilih tanggal antara 3 dan 90 hari dari hari ini.", result.FieldError("PreferredDate1"));
        Assert.Equal(0, await App.WithDbAsync(db => db.MobileVisitRequests.CountAsync()));
    }

    [Fact]
    public async Task An_approved_visit_request_becomes_a_bookable_stop_and_the_requester_is_told()
    {
        using var resident = NewClient();
        var page = await resident.GetAsync("/mobile-visit");
        var values = new Dictionary<string, string>
        {
            ["ContactName"] = "Yusrizal Dt. Bandaro", ["Phone"] = "0812-6677-8899", ["VillageCode"] = TaruangTaruang,
            ["Place"] = "Kantor Wali Nagari Taruang Taruang", ["PeopleCount"] = "40", ["PreferredDate1"] = "2027-03-10", ["PreferredDate2"] = "2027-03-05",
        };
        AssertRedirect(await resident.SubmitAsync(page, "#mobile-visit", values), "/mobile-visit/sent");
        AssertRedirect(await resident.SubmitAsync(page, "#mobile-visit", values), "/mobile-visit/sent"); // a repeated submit
        var request = await App.WithDbAsync(db => db.MobileVisitRequests.AsNoTracking().SingleAsync());
        Assert.Equal(("+6281266778899", "2027-03-05, 2027-03-10", 40), (request.Phone, request.PreferredDates, request.PeopleCount));

        using var admin = await AdminAsync();
        var list = await admin.GetAsync("/admin/mobile-visits");
        Assert.Contains(Masking.MaskName("Yusrizal Dt. Bandaro"), list.Text);
        Assert.DoesNotContain("Yusrizal", list.Text);
        Assert.DoesNotContain("6677", list.Html);
        AssertRedirect(await admin.SubmitAsync(list, $"article[data-request='{request.Id}'] form.approve-visit", new Dictionary<string, string>
        {
            ["UnitCode"] = "mobil-2", ["Date"] = "2027-03-05", ["Start"] = "09:00", ["End"] = "12:00",
        }), "/admin/mobile-visits");

        var stop = await App.WithDbAsync(db => db.MobileStops.AsNoTracking().Include(s => s.ServicePoint).SingleAsync());
        Assert.Equal(("mobil-2", TaruangTaruang, request.Id), (stop.ServicePoint!.Code, stop.VillageCode, stop.VisitRequestId));
        Assert.Equal("Kantor Wali Nagari Taruang Taruang", stop.Place);
        using var api = App.CreateClient();
        var slots = await api.GetFromJsonAsync<JsonElement[]>("/api/v1/service-points/mobil-2/slots?from=2027-03-05&to=2027-03-05");
        Assert.Equal(6, slots!.Length);
        var approved = await App.WithDbAsync(db => db.MobileVisitRequests.AsNoTracking().SingleAsync());
        Assert.Equal((VisitRequestStatus.Approved, (Guid?)stop.Id), (approved.Status, approved.MobileStopId));
        var message = await App.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync());
        Assert.Equal((NotificationKinds.MobileVisitApproved, "+6281266778899"), (message.Kind, message.Recipient));
        Assert.Contains("Jum 05/03/2027 09.00", message.Body);

        // The status page shows the unit's visit the day it happens.
        App.Clock.SetUtcNow(Wib.At(new DateOnly(2027, 3, 4), new(9, 0)));
        var status = await NewClient().GetAsync("/service-status");
        Assert.Contains("Taruang Taruang", status.Document.QuerySelector("[data-point='mobil-2']")!.TextContent);
    }

    private Task<MobileVisitRequest> PendingRequestAsync() => App.WithDbAsync(async db =>
    {
        var r = new MobileVisitRequest
        {
            ContactName = "Rina", Phone = "+6281299990000", VillageCode = TaruangTaruang, Place = "Balai", PeopleCount = 20,
            PreferredDates = "2027-03-10", CreatedAt = App.Clock.GetUtcNow(),
        };
        db.MobileVisitRequests.Add(r);
        await db.SaveChangesAsync();
        return r;
    });

    [Fact]
    public async Task Declining_needs_a_reason_and_the_requester_receives_it()
    {
        var request = await PendingRequestAsync();
        using var admin = await AdminAsync();
        var list = await admin.GetAsync("/admin/mobile-visits");
        var empty = await PageClient.ReadAsync(await admin.SubmitAsync(list, $"article[data-request='{request.Id}'] form.decline-visit"));
        Assert.Equal("Tulis alasan penolakan; pemohon akan menerimanya.", empty.FieldError("Reason"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Outbox.CountAsync()));

        AssertRedirect(await admin.SubmitAsync(list, $"article[data-request='{request.Id}'] form.decline-visit",
            new Dictionary<string, string> { ["Reason"] = "Mobil sedang diperbaiki sampai April." }), "/admin/mobile-visits");
        var declined = await App.WithDbAsync(db => db.MobileVisitRequests.AsNoTracking().SingleAsync());
        Assert.Equal((VisitRequestStatus.Declined, "Mobil sedang diperbaiki sampai April."), (declined.Status, declined.DecisionReason));
        Assert.Contains("Mobil sedang diperbaiki sampai April.", (await App.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync())).Body);
    }

    [Fact]
    public async Task A_nik_typed_into_a_decline_reason_is_masked_in_the_sms()
    {
        var request = await PendingRequestAsync();
        using var admin = await AdminAsync();
        var list = await admin.GetAsync("/admin/mobile-visits");
        AssertRedirect(await admin.SubmitAsync(list, $"article[data-request='{request.Id}'] form.decline-visit",
            new Dictionary<string, string> { ["Reason"] = "Warga 1308 0515 0590 0001 sudah merekam." }), "/admin/mobile-visits");

        var body = (await App.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync())).Body;
        Assert.Contains("Warga 1308 **** **** 0001 sudah merekam.", body);
        Assert.DoesNotContain("0515", body);
    }

    [Fact]
    public async Task Requests_from_low_coverage_nagari_are_listed_first()
    {
        var (low, high, unknown) = ("13.08.14.2002", "13.08.14.2005", "13.08.05.2001");
        await App.WithDbAsync(async db =>
        {
            var dpks = await db.ServicePoints.Where(p => p.Code == "dpks").Select(p => p.Id).SingleAsync();
            db.PopulationTargets.Add(new PopulationTarget { RegionCode = high, WajibKtp = 1000, RecordedBefore = 900, AsOf = new(2027, 1, 1) });
            db.PopulationTargets.Add(new PopulationTarget { RegionCode = low, WajibKtp = 1000, RecordedBefore = 500, AsOf = new(2027, 1, 1) });
            // An older target for the low nagari is ignored; recordings since the newest one count.
            db.PopulationTargets.Add(new PopulationTarget { RegionCode = low, WajibKtp = 1000, RecordedBefore = 100, AsOf = new(2026, 1, 1) });
            for (var i = 0; i < 50; i++)
                db.Recordings.Add(new Recording
                {
                    ServicePointId = dpks, VillageCode = low, Outcome = RecordingOutcome.Recorded, RecordedAt = Wib.At(new(2027, 2, 1), new(9, 0)),
                    RecordedById = Guid.NewGuid(),
                });
            var t = App.Clock.GetUtcNow();
            foreach (var (code, minutes) in new[] { (unknown, 0), (high, 1), (low, 2) })
                db.MobileVisitRequests.Add(new MobileVisitRequest
                {
                    ContactName = "Warga", Phone = "+6281200001111", VillageCode = code, Place = "Balai", PeopleCount = 20, PreferredDates = "2027-03-10",
                    CreatedAt = t.AddMinutes(minutes),
                });
            await db.SaveChangesAsync();
        });
        // The planning pages show the dashboard's coverage (decision 1531), which the rollup job computes.
        await EKtp.Tests.Integration.Dashboard.DashboardFixture.RefreshRollupsAsync(App);
        using var admin = await AdminAsync();
        var list = await admin.GetAsync("/admin/mobile-visits");
        var order = list.Document.QuerySelectorAll("article.visit-request").Select(a => a.QuerySelector("h2")!.TextContent).ToList();
        Assert.StartsWith("Taruang Taruang", order[0]);
        Assert.StartsWith("Padang Mantinggi", order[1]);
        Assert.StartsWith("Tanjuang Baringin", order[2]);
        Assert.Contains("55,0%", list.Document.QuerySelectorAll("article.visit-request")[0].QuerySelector(".coverage")!.TextContent.Replace(" ", ""));

        var stops = await admin.GetAsync("/admin/mobile-stops");
        Assert.StartsWith("Taruang Taruang", stops.Document.QuerySelector(".coverage-suggestions li")!.TextContent.Trim());
    }
}
