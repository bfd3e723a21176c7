using System.Net;
using EKtp.Tests.Integration.Dashboard;
using EKtp.Tests.Integration.SchoolDrives;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.HomeVisits;
using EKtp.Web.Features.Privacy;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Privacy;

/// <summary>Decision 1540: retention also covers home-visit requests, mobile-visit requests and school-drive student lists.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public class VisitAndSchoolListRetentionTests(EKtpAppFactory app) : IntegrationTest(app)
{
    public static readonly DateOnly March = new(2027, 3, 1);
    private const string PadangMantinggi = "13.08.14.2005";
    private const string Name = "Nurhayati binti Sutan Marajo";

    /// <summary>The retention job's erasure, run now (move the clock first).</summary>
    internal static async Task EraseAsync(EKtpAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().EraseExpiredAsync();
    }

    private Task<MobileStop> StopAsync(DateOnly date) => App.WithDbAsync(async db =>
    {
        var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
        var stop = new MobileStop { ServicePointId = unit.Id, Date = date, VillageCode = PadangMantinggi, Place = "Kantor Wali Nagari", Start = new(8, 0), End = new(12, 0) };
        db.MobileStops.Add(stop);
        await db.SaveChangesAsync();
        return stop;
    });

    /// <summary>A home-visit request in that status, last changed on that day.</summary>
    public static HomeVisitRequest Visit(HomeVisitStatus status, DateOnly changed, MobileStop? stop = null) => new()
    {
        Reference = HomeVisitReference.New(), ResidentName = Name, Reason = HomeVisitReason.Other, ReasonNote = "Baru selesai operasi",
        VillageCode = PadangMantinggi, Address = "Jorong Kampung Tangah", Phone = "+6281277889900", FamilyMemberName = "Yuliana", Status = status,
        MobileStopId = stop?.Id, ScheduledDate = stop?.Date, DeclineReason = status == HomeVisitStatus.Declined ? "Sudah pindah domisili" : null,
        CreatedAt = Wib.At(March, new TimeOnly(8, 0)), UpdatedAt = Wib.At(changed, new TimeOnly(10, 0)),
    };

    private async Task<(int Waiting, int Scheduled, int Done, int Declined)> HomeVisitFigureAsync(PageClient head)
    {
        var page = await head.GetAsync("/dashboard?from=2027-03-01&to=2027-03-31");
        int Count(string name) => int.Parse(page.Document.QuerySelector($"#home-visit-counts [data-count='{name}']")!.TextContent);
        return (Count("waiting"), Count("scheduled"), Count("done"), Count("declined"));
    }

    [Fact]
    public async Task Closed_home_visits_past_the_period_are_erased_in_place_and_open_or_recent_ones_are_not()
    {
        var stop = await StopAsync(March.AddDays(3));
        var done = Visit(HomeVisitStatus.Done, March.AddDays(3), stop);
        var declined = Visit(HomeVisitStatus.Declined, March.AddDays(4));
        var closedLater = Visit(HomeVisitStatus.Done, March.AddDays(20), stop);
        var waiting = Visit(HomeVisitStatus.Submitted, March);
        var scheduled = Visit(HomeVisitStatus.Scheduled, March.AddDays(1), stop);
        await App.WithDbAsync(db => { db.HomeVisitRequests.AddRange(done, declined, closedLater, waiting, scheduled); return db.SaveChangesAsync(); });
        using var head = NewClient();
        await head.SignInAsync(await App.CreateAsync(Roles.Head));
        var before = await HomeVisitFigureAsync(head);

        // 365 days after the second closing, before the third's.
        App.Clock.SetUtcNow(Wib.At(March.AddDays(4 + 366), new TimeOnly(9, 0)));
        await EraseAsync(App);

        var rows = await App.WithDbAsync(db => db.HomeVisitRequests.AsNoTracking().ToDictionaryAsync(r => r.Id));
        foreach (var erased in new[] { done, declined }.Select(r => rows[r.Id]))
        {
            Assert.Equal(("", "", "", ""), (erased.ResidentName, erased.Address, erased.Phone, erased.FamilyMemberName));
            Assert.Equal("", erased.ReasonNote);
            Assert.Equal(App.Clock.GetUtcNow(), erased.PersonalDataErasedAt);
            // What the dashboard and the status page count on stays.
            Assert.Equal((PadangMantinggi, HomeVisitReason.Other), (erased.VillageCode, erased.Reason));
            Assert.Equal(Wib.At(erased.Id == done.Id ? March.AddDays(3) : March.AddDays(4), new TimeOnly(10, 0)), erased.UpdatedAt);
        }
        Assert.Equal((HomeVisitStatus.Done, stop.Date), (rows[done.Id].Status, rows[done.Id].ScheduledDate));
        Assert.Equal("", rows[declined.Id].DeclineReason);
        foreach (var kept in new[] { closedLater, waiting, scheduled }.Select(r => rows[r.Id]))
        {
            Assert.Equal((Name, "Baru selesai operasi", "+6281277889900"), (kept.ResidentName, kept.ReasonNote, kept.Phone));
            Assert.Null(kept.PersonalDataErasedAt);
        }
        // A year on, the head signs in again (the first session has expired).
        using var headLater = NewClient();
        await headLater.SignInAsync(await App.CreateAsync(Roles.Head));
        Assert.Equal(before, await HomeVisitFigureAsync(headLater));
        Assert.Equal((1, 1, 2, 1), before);
        Assert.Contains("2 closed home-visit requests", App.Log.Text);
        Assert.DoesNotContain("Nurhayati", App.Log.Text);
        Assert.DoesNotContain("6281277889900", App.Log.Text);
    }

    [Fact]
    public async Task The_status_page_of_an_erased_home_visit_says_its_details_were_erased_after_the_retention_period()
    {
        var declined = Visit(HomeVisitStatus.Declined, March);
        var recent = Visit(HomeVisitStatus.Declined, March.AddDays(300));
        await App.WithDbAsync(db => { db.HomeVisitRequests.AddRange(declined, recent); return db.SaveChangesAsync(); });
        App.Clock.SetUtcNow(Wib.At(March.AddDays(400), new TimeOnly(9, 0)));
        await EraseAsync(App);
        using var client = NewClient();

        var page = await client.GetAsync(HomeVisitController.StatusPath(declined.Reference));
        var kept = await client.GetAsync(HomeVisitController.StatusPath(recent.Reference));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Declined", page.Document.QuerySelector("#home-visit-state")!.GetAttribute("data-status"));
        var note = page.Document.QuerySelector("#home-visit-erased")!.TextContent;
        Assert.Contains("sudah dihapus pada", note);
        Assert.Contains("masa penyimpanannya telah berakhir", note);
        Assert.DoesNotContain("Sudah pindah domisili", page.Text);
        Assert.Null(kept.Document.QuerySelector("#home-visit-erased"));
        Assert.Contains("Sudah pindah domisili", kept.Document.QuerySelector("#home-visit-state")!.TextContent);
    }

    [Fact]
    public async Task Decided_mobile_visit_requests_lose_their_contact_after_the_period_and_pending_ones_keep_it()
    {
        var (past, recent) = (await StopAsync(March.AddDays(5)), await StopAsync(March.AddDays(60)));
        MobileVisitRequest Request(VisitRequestStatus status, MobileStop? stop, string phone) => new()
        {
            ContactName = "Sutan Marajo", Phone = phone, VillageCode = PadangMantinggi, Place = "Balai Nagari", PeopleCount = 40, Status = status,
            MobileStopId = stop?.Id, DecisionReason = status == VisitRequestStatus.Declined ? "Jadwal penuh" : null, CreatedAt = Wib.At(March, new TimeOnly(8, 0)),
        };
        var approved = Request(VisitRequestStatus.Approved, past, "+6281200000001");
        var declined = Request(VisitRequestStatus.Declined, null, "+6281200000002");
        var approvedRecent = Request(VisitRequestStatus.Approved, recent, "+6281200000003");
        var pending = Request(VisitRequestStatus.Pending, null, "+6281200000004");
        await App.WithDbAsync(db => { db.MobileVisitRequests.AddRange(approved, declined, approvedRecent, pending); return db.SaveChangesAsync(); });

        App.Clock.SetUtcNow(Wib.At(March.AddDays(5 + 366), new TimeOnly(9, 0)));
        await EraseAsync(App);

        var rows = await App.WithDbAsync(db => db.MobileVisitRequests.AsNoTracking().ToDictionaryAsync(r => r.Id));
        foreach (var erased in new[] { approved, declined }.Select(r => rows[r.Id]))
        {
            Assert.Equal(("", ""), (erased.ContactName, erased.Phone));
            Assert.Equal(App.Clock.GetUtcNow(), erased.PersonalDataErasedAt);
            Assert.Equal((PadangMantinggi, "Balai Nagari", 40), (erased.VillageCode, erased.Place, erased.PeopleCount));
        }
        Assert.Equal(past.Id, rows[approved.Id].MobileStopId);
        foreach (var kept in new[] { approvedRecent, pending }.Select(r => rows[r.Id]))
        {
            Assert.Equal("Sutan Marajo", kept.ContactName);
            Assert.Null(kept.PersonalDataErasedAt);
        }
        Assert.Equal("+6281200000004", rows[pending.Id].Phone);
        Assert.Contains("2 decided mobile-visit requests", App.Log.Text);
    }

    [Fact]
    public async Task A_school_drive_s_list_is_deleted_after_the_period_and_its_waiting_card_and_pemula_count_stay()
    {
        // A student born 15 June 2010 recorded at a drive on 1 March 2027: the card waits for 15 June 2027.
        var drive = await SchoolDriveTests.DriveTodayAsync(App);
        var nik = SchoolDriveTests.NikBornOn(new(2010, 6, 15), 41);
        using var admin = NewClient();
        await admin.SignInAsync(await App.CreateAsync(Roles.Admin));
        var page = await admin.GetAsync($"/admin/school-drives/{drive}");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, "form.student-import-form",
            new Dictionary<string, string> { ["csv"] = $"{nik},Rani Putri,2010-06-15,\n{SchoolDriveTests.NikBornOn(new(2010, 7, 1), 42)},Yusra Lestari,2010-07-01," })).StatusCode);
        var record = await admin.GetAsync($"/staff/school-drives/{drive}");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(record, "#students form.record-form")).StatusCode);
        var hash = App.Get<PersonalDataProtector>().Hash(nik);
        var card = await App.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync(c => c.NikHash == hash));
        Assert.True((await SchoolDriveTests.MoveAsync(App, card.Id, CardStatus.SentForEnrollment)).Ok);
        Assert.True((await SchoolDriveTests.MoveAsync(App, card.Id, CardStatus.WaitingForAge)).Ok);
        // A later drive's list is not yet past the period.
        var laterStop = await StopAsync(March.AddDays(30));
        await App.WithDbAsync(db =>
        {
            var later = new SchoolDrive { MobileStopId = laterStop.Id, SchoolName = "SMA Negeri 2", CreatedAt = App.Clock.GetUtcNow() };
            db.SchoolDrives.Add(later);
            db.SchoolDriveStudents.Add(new SchoolDriveStudent { SchoolDriveId = later.Id, NikHash = [1], NikCipher = [1], FullName = "Putra", BirthDate = new(2010, 8, 1), VillageCode = PadangMantinggi });
            return db.SaveChangesAsync();
        });
        using var head = NewClient();
        await head.SignInAsync(await App.CreateAsync(Roles.Head));
        await App.RebuildRollupsAsync();
        var pemulaBefore = (await head.GetAsync("/dashboard?from=2027-03-01&to=2027-03-31")).TableRows("table-pemula");

        App.Clock.SetUtcNow(Wib.At(March.AddDays(366), new TimeOnly(9, 0)));
        await EraseAsync(App);
        await App.RebuildRollupsAsync();

        var left = await App.WithDbAsync(db => db.SchoolDriveStudents.AsNoTracking().Select(s => s.FullName).ToListAsync());
        Assert.Equal(["Putra"], left);
        Assert.Equal(2, await App.WithDbAsync(db => db.SchoolDrives.CountAsync()));
        using var headLater = NewClient();
        await headLater.SignInAsync(await App.CreateAsync(Roles.Head));
        Assert.Equal(pemulaBefore, (await headLater.GetAsync("/dashboard?from=2027-03-01&to=2027-03-31")).TableRows("table-pemula"));
        Assert.Contains(pemulaBefore, r => r[0] == "Jumlah" && r[1] == "1");
        // The card still knows its birthday without the list: it was waiting, and now moves on.
        Assert.Equal(new DateOnly(2027, 6, 15), await App.WithDbAsync(db => db.Cards.Where(c => c.Id == card.Id).Select(c => c.PrintableFrom).SingleAsync()));
        Assert.True((await SchoolDriveTests.MoveAsync(App, card.Id, CardStatus.PrintReady)).Ok);
        Assert.Contains("2 school-drive students", App.Log.Text);
        Assert.DoesNotContain("Rani", App.Log.Text);
    }
}
