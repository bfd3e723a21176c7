using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.HomeVisits;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.HomeVisits;

/// <summary>Issue 15, item A1: one resident asks to be recorded at home; staff plan it into a mobile-unit day.</summary>
public class HomeVisitTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string PadangMantinggi = "13.08.14.2005"; // a nagari of Kecamatan Rao
    private const string ResidentName = "Nurhayati binti Sutan Marajo";
    private const string Address = "Jorong Kampung Tangah, dekat surau Nurul Huda";
    private const string FamilyMember = "Yuliana";

    private static Dictionary<string, string> Request(string reason = "Elderly") => new()
    {
        ["ResidentName"] = ResidentName, ["Reason"] = reason, ["VillageCode"] = PadangMantinggi, ["Address"] = Address,
        ["Phone"] = "0812-7788-9900", ["FamilyMemberName"] = FamilyMember,
    };

    private async Task<(PageClient Client, string Location)> SubmitAsync(Dictionary<string, string>? values = null)
    {
        var client = NewClient();
        var page = await client.GetAsync(HomeVisitController.Path);
        var answer = await client.SubmitAsync(page, "#home-visit", values ?? Request());
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return (client, answer.Headers.Location!.OriginalString);
    }

    private async Task<PageClient> StaffAsync(string role = Roles.Admin, string? point = null)
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(role, point));
        return client;
    }

    private async Task<MobileStop> StopAsync(DateOnly date, string village = PadangMantinggi, MobileStopStatus status = MobileStopStatus.Planned)
    {
        var stop = await App.WithDbAsync(async db =>
        {
            var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
            var s = new MobileStop
            {
                ServicePointId = unit.Id, Date = date, VillageCode = village, Place = "Kantor Wali Nagari", Start = new(8, 0), End = new(12, 0),
                Status = status,
            };
            db.MobileStops.Add(s);
            await db.SaveChangesAsync();
            return s;
        });
        return stop;
    }

    private Task<List<OutboxMessage>> MessagesAsync(string kind) =>
        App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == kind).ToListAsync());

    [Fact]
    public async Task A_request_is_validated_beside_each_field_and_nothing_is_written()
    {
        using var client = NewClient();
        var page = await client.GetAsync(HomeVisitController.Path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var answer = await client.SubmitAsync(page, "#home-visit", new Dictionary<string, string>
        {
            ["ResidentName"] = " ", ["Reason"] = "Lazy", ["VillageCode"] = "13.08.14", ["Address"] = "", ["Phone"] = "12345", ["FamilyMemberName"] = "",
        });
        var result = await PageClient.ReadAsync(answer);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("Isi nama warga yang akan direkam.", result.FieldError("ResidentName"));
        Assert.Equal("Pilih alasan warga tidak dapat datang.", result.FieldError("Reason"));
        Assert.Equal("Pilih nagari tempat warga tinggal.", result.FieldError("VillageCode"));
        Assert.Equal("Tulis alamat rumah (jorong, jalan, patokan).", result.FieldError("Address"));
        Assert.Equal("Isi nomor HP yang aktif, misalnya 0812 3456 7890.", result.FieldError("Phone"));
        Assert.Equal("Isi nama anggota keluarga yang mendampingi.", result.FieldError("FamilyMemberName"));
        Assert.Equal(6, result.Document.QuerySelectorAll("#error-summary li a").Length);
        Assert.Equal(0, await App.WithDbAsync(db => db.HomeVisitRequests.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Another_reason_needs_its_note_and_the_note_is_kept()
    {
        using var client = NewClient();
        var page = await client.GetAsync(HomeVisitController.Path);
        var refused = await PageClient.ReadAsync(await client.SubmitAsync(page, "#home-visit", Request("Other")));
        Assert.Equal("Tuliskan alasannya.", refused.FieldError("ReasonNote"));
        Assert.Equal(ResidentName, refused.Document.QuerySelector("#ResidentName")!.GetAttribute("value"));

        var values = Request("Other");
        values["ReasonNote"] = "Baru operasi, belum boleh bepergian";
        AssertRedirectToStatus(await client.SubmitAsync(refused, "#home-visit", values));
        var request = await App.WithDbAsync(db => db.HomeVisitRequests.AsNoTracking().SingleAsync());
        Assert.Equal((HomeVisitReason.Other, "Baru operasi, belum boleh bepergian", "+6281277889900"), (request.Reason, request.ReasonNote, request.Phone));
    }

    private static void AssertRedirectToStatus(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith(HomeVisitController.StatusRoot + "/JB-", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Twenty_identical_submits_at_once_make_one_request_with_one_message_and_all_get_its_status_page()
    {
        using var client = NewClient();
        var page = await client.GetAsync(HomeVisitController.Path);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SubmitAsync(page, "#home-visit", Request())));

        var request = await App.WithDbAsync(db => db.HomeVisitRequests.AsNoTracking().SingleAsync());
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Redirect, HomeVisitController.StatusPath(request.Reference)),
            (a.StatusCode, a.Headers.Location?.OriginalString)));
        Assert.Single(await MessagesAsync(HomeVisitMessages.KindReceived));
    }

    [Fact]
    public async Task The_status_page_is_found_by_the_reference_alone_and_shows_nothing_personal()
    {
        var (client, location) = await SubmitAsync();
        using var _ = client;
        var request = await App.WithDbAsync(db => db.HomeVisitRequests.AsNoTracking().SingleAsync());
        Assert.Equal(HomeVisitController.StatusPath(request.Reference), location);
        Assert.Matches("^JB-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}$", request.Reference);

        using var other = NewClient();
        var status = await other.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(request.Reference, status.Document.QuerySelector("#home-visit-reference")!.TextContent);
        Assert.Equal("Submitted", status.Document.QuerySelector("#home-visit-state")!.GetAttribute("data-status"));
        foreach (var personal in new[] { ResidentName, "Nurhayati", Address, "7788", FamilyMember, PadangMantinggi })
            Assert.DoesNotContain(personal, status.Html);

        var message = Assert.Single(await MessagesAsync(HomeVisitMessages.KindReceived));
        Assert.Equal("+6281277889900", message.Recipient);
        Assert.Contains(request.Reference, message.Body);
        Assert.Contains(HomeVisitController.StatusPath(request.Reference), message.Body);
        Assert.DoesNotContain("Nurhayati", message.Body);

        // The lookup form takes a reference typed in lower case without its prefix; an unknown one is a 404 with a message.
        var found = await other.Http.GetAsync($"{HomeVisitController.StatusRoot}?reference={request.Reference[3..].ToLowerInvariant()}");
        Assert.Equal((HttpStatusCode.Redirect, location), (found.StatusCode, found.Headers.Location?.OriginalString));
        var unknown = await other.GetAsync(HomeVisitController.StatusPath("JB-2222222"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.NotNull(unknown.Document.QuerySelector("#home-visit-not-found"));
    }

    [Fact]
    public async Task Planning_into_a_stop_schedules_it_with_the_date_a_message_and_the_stop_lists_it_masked()
    {
        var (client, location) = await SubmitAsync();
        using var _ = client;
        var stop = await StopAsync(new DateOnly(2027, 3, 4));
        var request = await App.WithDbAsync(db => db.HomeVisitRequests.AsNoTracking().SingleAsync());
        using var admin = await StaffAsync();

        var list = await admin.GetAsync(HomeVisitsAdminController.ListPath);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var row = list.Document.QuerySelector($"tr[data-home-visit='{request.Id}']")!;
        Assert.Contains("N*** b*** S*** M***", row.TextContent);
        Assert.DoesNotContain("Nurhayati", list.Html);
        Assert.DoesNotContain(Address, list.Html);
        AssertRedirect(await admin.SubmitAsync(list, $"tr[data-home-visit='{request.Id}'] form", new Dictionary<string, string> { ["StopId"] = stop.Id.ToString() }),
            HomeVisitsAdminController.ListPath);

        var scheduled = await App.WithDbAsync(db => db.HomeVisitRequests.AsNoTracking().SingleAsync());
        Assert.Equal((HomeVisitStatus.Scheduled, (Guid?)stop.Id, (DateOnly?)new DateOnly(2027, 3, 4)), (scheduled.Status, scheduled.MobileStopId, scheduled.ScheduledDate));
        var message = Assert.Single(await MessagesAsync(HomeVisitMessages.KindScheduled));
        Assert.Contains("04/03/2027", message.Body);
        Assert.Contains(request.Reference, message.Body);
        var status = await client.GetAsync(location);
        Assert.Equal("Scheduled", status.Document.QuerySelector("#home-visit-state")!.GetAttribute("data-status"));
        Assert.Contains("4 Maret 2027", status.Document.QuerySelector("#home-visit-state")!.TextContent);

        var stops = await admin.GetAsync("/admin/mobile-stops");
        var stopRow = stops.Document.QuerySelector($"tr[data-stop='{stop.Id}']")!;
        Assert.Contains("Perekaman di rumah: 1", stopRow.TextContent);
        Assert.Contains(request.Reference, stopRow.TextContent);
        Assert.Contains("N*** b*** S*** M***", stopRow.TextContent);
        Assert.DoesNotContain("Nurhayati", stops.Html);

        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == ChangeHomeVisit.AuditScheduled));
        Assert.Equal(request.Id.ToString(), audit.SubjectId);
    }

    [Fact]
    public async Task A_scheduled_visit_is_marked_done_once_with_one_message_and_the_status_page_says_so()
    {
        var (client, location) = await SubmitAsync();
        using var _ = client;
        var stop = await StopAsync(new DateOnly(2027, 3, 4));
        var id = await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Id).SingleAsync());
        using var admin = await StaffAsync();

        // Not before it is scheduled.
        var detail = await admin.GetAsync(HomeVisitsAdminController.DetailPath(id));
        Assert.Null(detail.Document.QuerySelector("#done-form"));
        var early = await PageClient.ReadAsync(await admin.PostAsync(HomeVisitsAdminController.DetailPath(id) + "/done", detail, new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, early.Status);
        Assert.Equal("Hanya kunjungan yang sudah dijadwalkan dapat ditandai selesai.", early.Document.QuerySelector("#home-visit-error")!.TextContent.Trim());
        Assert.Empty(await MessagesAsync(HomeVisitMessages.KindDone));

        AssertRedirect(await admin.SubmitAsync(detail, "#schedule-form", new Dictionary<string, string> { ["StopId"] = stop.Id.ToString() }),
            HomeVisitsAdminController.DetailPath(id));
        detail = await admin.GetAsync(HomeVisitsAdminController.DetailPath(id));
        AssertRedirect(await admin.SubmitAsync(detail, "#done-form"), HomeVisitsAdminController.DetailPath(id));
        AssertRedirect(await admin.SubmitAsync(detail, "#done-form"), HomeVisitsAdminController.DetailPath(id));

        Assert.Equal(HomeVisitStatus.Done, await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Status).SingleAsync()));
        Assert.Single(await MessagesAsync(HomeVisitMessages.KindDone));
        var status = await client.GetAsync(location);
        Assert.Equal("Done", status.Document.QuerySelector("#home-visit-state")!.GetAttribute("data-status"));

        // Done is final: neither declined nor moved afterwards.
        var declined = await PageClient.ReadAsync(await admin.PostAsync(HomeVisitsAdminController.DetailPath(id) + "/decline", detail,
            new Dictionary<string, string> { ["Reason"] = "Terlambat" }));
        Assert.Equal(HttpStatusCode.BadRequest, declined.Status);
        Assert.Equal(HomeVisitStatus.Done, await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Status).SingleAsync()));
        Assert.Empty(await MessagesAsync(HomeVisitMessages.KindDeclined));
    }

    [Fact]
    public async Task Declining_needs_a_reason_beside_the_field_and_sends_it_with_numbers_masked()
    {
        var (client, location) = await SubmitAsync();
        using var _ = client;
        var id = await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Id).SingleAsync());
        using var admin = await StaffAsync();
        var detail = await admin.GetAsync(HomeVisitsAdminController.DetailPath(id));

        var refused = await PageClient.ReadAsync(await admin.SubmitAsync(detail, "#decline-form", new Dictionary<string, string> { ["Reason"] = " " }));
        Assert.Equal("Tulis alasan penolakan; pemohon akan menerimanya.", refused.FieldError("Reason"));
        Assert.Equal(HomeVisitStatus.Submitted, await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Status).SingleAsync()));

        AssertRedirect(await admin.SubmitAsync(detail, "#decline-form", new Dictionary<string, string>
        {
            ["Reason"] = "Warga dengan NIK 1308051505900001 sudah terekam di Kantor Camat Rao.",
        }), HomeVisitsAdminController.DetailPath(id));
        var message = Assert.Single(await MessagesAsync(HomeVisitMessages.KindDeclined));
        Assert.Contains("sudah terekam di Kantor Camat Rao", message.Body);
        Assert.DoesNotContain("1308051505900001", message.Body);
        var status = await client.GetAsync(location);
        Assert.Equal("Declined", status.Document.QuerySelector("#home-visit-state")!.GetAttribute("data-status"));
        Assert.Contains("sudah terekam di Kantor Camat Rao", status.Document.QuerySelector("#home-visit-state")!.TextContent);
        Assert.DoesNotContain("1308051505900001", status.Html);
    }

    [Fact]
    public async Task Cancelling_the_stop_returns_its_home_visit_to_waiting_and_tells_the_family()
    {
        var (client, location) = await SubmitAsync();
        using var _ = client;
        var id = await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Id).SingleAsync());
        var stop = await StopAsync(new DateOnly(2027, 3, 4));
        using var admin = await StaffAsync();
        var detail = await admin.GetAsync(HomeVisitsAdminController.DetailPath(id));
        AssertRedirect(await admin.SubmitAsync(detail, "#schedule-form", new Dictionary<string, string> { ["StopId"] = stop.Id.ToString() }),
            HomeVisitsAdminController.DetailPath(id));

        var stops = await admin.GetAsync("/admin/mobile-stops");
        AssertRedirect(await admin.SubmitAsync(stops, $"form[action='/admin/mobile-stops/{stop.Id}/cancel']",
            new Dictionary<string, string> { ["reason"] = "Jalan putus karena longsor" }), "/admin/mobile-stops");

        var request = await App.WithDbAsync(db => db.HomeVisitRequests.AsNoTracking().SingleAsync());
        Assert.Equal((HomeVisitStatus.Submitted, (Guid?)null, (DateOnly?)null), (request.Status, request.MobileStopId, request.ScheduledDate));
        var message = Assert.Single(await MessagesAsync(HomeVisitMessages.KindUnscheduled));
        Assert.Contains("04/03/2027 batal", message.Body);
        Assert.Equal("Submitted", (await client.GetAsync(location)).Document.QuerySelector("#home-visit-state")!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task Only_an_upcoming_planned_stop_takes_a_home_visit()
    {
        using var _ = (await SubmitAsync()).Client;
        var id = await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Id).SingleAsync());
        var past = await StopAsync(new DateOnly(2027, 2, 26));
        var cancelled = await StopAsync(new DateOnly(2027, 3, 5), status: MobileStopStatus.Cancelled);
        using var admin = await StaffAsync();
        var detail = await admin.GetAsync(HomeVisitsAdminController.DetailPath(id));

        foreach (var stop in new[] { past, cancelled })
        {
            var refused = await PageClient.ReadAsync(await admin.PostAsync(HomeVisitsAdminController.DetailPath(id) + "/schedule", detail,
                new Dictionary<string, string> { ["StopId"] = stop.Id.ToString() }));
            Assert.Equal("Pilih kunjungan mobil keliling yang akan datang.", refused.FieldError("StopId"));
        }
        Assert.Equal(HomeVisitStatus.Submitted, await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Status).SingleAsync()));
        Assert.Empty(await MessagesAsync(HomeVisitMessages.KindScheduled));
    }

    [Fact]
    public async Task The_detail_page_shows_the_whole_request_to_an_admin_and_audits_the_view_while_others_are_denied()
    {
        using var _ = (await SubmitAsync()).Client;
        var id = await App.WithDbAsync(db => db.HomeVisitRequests.Select(r => r.Id).SingleAsync());

        using var admin = await StaffAsync();
        var detail = await admin.GetAsync(HomeVisitsAdminController.DetailPath(id));
        var text = detail.Document.QuerySelector("#home-visit-detail")!.TextContent;
        Assert.Contains(ResidentName, text);
        Assert.Contains(Address, text);
        Assert.Contains("+6281277889900", text);
        Assert.Contains(FamilyMember, text);
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.ViewPersonalData));
        Assert.Equal((ChangeHomeVisit.Subject, id.ToString()), (audit.SubjectType, audit.SubjectId));

        using var anonymous = NewClient();
        var denied = await anonymous.Http.GetAsync(HomeVisitsAdminController.ListPath);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/staff/sign-in", denied.Headers.Location!.AbsolutePath);
        foreach (var role in new[] { Roles.Operator, Roles.Head })
        {
            using var staff = await StaffAsync(role, role == Roles.Operator ? "mobil-1" : null);
            foreach (var path in new[] { HomeVisitsAdminController.ListPath, HomeVisitsAdminController.DetailPath(id) })
            {
                var answer = await staff.Http.GetAsync(path);
                Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
            }
        }
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.ViewPersonalData)));
    }

    [Fact]
    public async Task The_dashboard_counts_home_visits_waiting_scheduled_done_and_declined()
    {
        for (var i = 0; i < 4; i++) (await SubmitAsync()).Client.Dispose();
        var ids = await App.WithDbAsync(db => db.HomeVisitRequests.OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync());
        var stop = await StopAsync(new DateOnly(2027, 3, 4));
        using var admin = await StaffAsync();
        var page = await admin.GetAsync(HomeVisitsAdminController.ListPath);
        async Task PostAsync(Guid id, string step, Dictionary<string, string>? values = null) =>
            AssertRedirect(await admin.PostAsync($"{HomeVisitsAdminController.DetailPath(id)}/{step}", page, values ?? new()),
                HomeVisitsAdminController.DetailPath(id));
        await PostAsync(ids[1], "schedule", new() { ["StopId"] = stop.Id.ToString() });
        await PostAsync(ids[2], "schedule", new() { ["StopId"] = stop.Id.ToString() });
        await PostAsync(ids[2], "done");
        await PostAsync(ids[3], "decline", new() { ["Reason"] = "Sudah pindah domisili" });

        using var head = await StaffAsync(Roles.Head);
        var dashboard = await head.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        int Count(string name) => int.Parse(dashboard.Document.QuerySelector($"#home-visit-counts [data-count='{name}']")!.TextContent);
        Assert.Equal((1, 1, 1, 1), (Count("waiting"), Count("scheduled"), Count("done"), Count("declined")));

        var elsewhere = await head.GetAsync("/dashboard?kecamatan=13.08.05");
        Assert.Equal("0", elsewhere.Document.QuerySelector("#home-visit-counts [data-count='waiting']")!.TextContent);
    }
}
