using System.Net;
using EKtp.Tests.Integration.Dashboard;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Cards;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.SchoolDrives;

/// <summary>Issue 15, A2: a school drive's list, the recording of its students, and their cards waiting for the 17th birthday.</summary>
public class SchoolDriveTests(EKtpAppFactory app) : IntegrationTest(app)
{
    public static readonly DateOnly Today = new(2027, 3, 1);
    public const string Nagari = "13.08.05.2001";

    /// <summary>A NIK of Pasaman born on that day (women's day + 40 is not needed here).</summary>
    public static string NikBornOn(DateOnly birth, int serial) => $"130805{birth.Day:00}{birth.Month:00}{birth.Year % 100:00}{serial:0000}";

    /// <summary>A planned stop of Mobil Keliling 1 today, at a school, made a school drive.</summary>
    public static async Task<Guid> DriveTodayAsync(EKtpAppFactory app) => await app.WithDbAsync(async db =>
    {
        var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
        var stop = new MobileStop { ServicePointId = unit.Id, Date = Today, VillageCode = Nagari, Place = "SMA Negeri 1 Lubuk Sikaping", Start = new(8, 0), End = new(14, 0) };
        var drive = new SchoolDrive { MobileStopId = stop.Id, SchoolName = "SMA Negeri 1 Lubuk Sikaping", CreatedAt = app.Clock.GetUtcNow() };
        db.AddRange(stop, drive);
        await db.SaveChangesAsync();
        return drive.Id;
    });

    private async Task<(PageClient Client, PageResult Page)> AdminOnDriveAsync(Guid drive)
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));
        return (client, await client.GetAsync($"/admin/school-drives/{drive}"));
    }

    private static Task<HttpResponseMessage> ImportAsync(PageClient client, PageResult page, string csv) =>
        client.SubmitAsync(page, "form.student-import-form", new Dictionary<string, string> { ["csv"] = csv });

    [Fact]
    public async Task An_admin_plans_a_school_drive_on_a_mobile_stop_once()
    {
        var stopId = await App.WithDbAsync(async db =>
        {
            var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-2");
            var stop = new MobileStop { ServicePointId = unit.Id, Date = Today.AddDays(3), VillageCode = Nagari, Place = "SMA 2", Start = new(8, 0), End = new(12, 0) };
            db.MobileStops.Add(stop);
            await db.SaveChangesAsync();
            return stop.Id;
        });
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));
        var page = await client.GetAsync("/admin/school-drives");
        var values = new Dictionary<string, string> { ["stopId"] = stopId.ToString(), ["schoolName"] = "SMA Negeri 2 Lubuk Sikaping" };

        var first = await client.SubmitAsync(page, "form.school-drive-form", values);
        var again = await client.SubmitAsync(page, "form.school-drive-form", values);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await App.WithDbAsync(db => db.SchoolDrives.CountAsync(d => d.MobileStopId == stopId)));
    }

    [Fact]
    public async Task A_list_with_one_wrong_row_imports_nothing_and_says_what_is_wrong_on_each_row()
    {
        var drive = await DriveTodayAsync(App);
        var (client, page) = await AdminOnDriveAsync(drive);
        var good = NikBornOn(new(2010, 6, 15), 1);
        var csv = string.Join('\n',
            "nik,nama,tanggal_lahir,nagari",
            $"{good},Rani Putri,2010-06-15,",
            $"{NikBornOn(new(2011, 1, 10), 2)},Budi Santoso,2011-01-10,",          // 17 only in 2028
            $"{NikBornOn(new(2011, 3, 2), 3)},Citra Lestari,2011-03-02,",          // 15 on the day
            $"{NikBornOn(new(2010, 7, 1), 4)},Dedi,2010-07-02,",                   // the date is not the NIK's
            $"{good},Rani Putri,2010-06-15,",                                      // twice
            $"1308051234,Eka,2010-05-05,",                                         // not a NIK
            $"{NikBornOn(new(2010, 8, 8), 5)},,2010-08-08,99.99.99.9999");         // no name, unknown nagari

        var response = await ImportAsync(client, page, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await PageClient.ReadAsync(response);
        var rows = result.Document.QuerySelectorAll("#import-rows tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray())
            .ToDictionary(r => int.Parse(r[0]), r => r[3]);
        Assert.Equal("benar", rows[2]);
        Assert.Contains("Tidak berusia 17 tahun dalam tahun 2027", rows[3]);
        Assert.Contains("Belum berusia 16 tahun pada hari perekaman", rows[4]);
        Assert.Contains("tidak sama dengan tanggal lahir di NIK", rows[5]);
        Assert.Contains("NIK sama dengan baris 2", rows[6]);
        Assert.Contains("NIK tidak sah", rows[7]);
        Assert.Contains("Nama siswa kosong", rows[8]);
        Assert.Contains("Kode nagari tidak dikenal", rows[8]);
        Assert.Contains("Tidak ada yang diimpor", result.Text);
        Assert.DoesNotContain(good, result.Html);
        Assert.Equal(0, await App.WithDbAsync(db => db.SchoolDriveStudents.CountAsync()));
    }

    [Fact]
    public async Task A_right_list_is_imported_whole_and_a_student_already_on_it_or_already_recorded_is_refused_next_time()
    {
        var drive = await DriveTodayAsync(App);
        var (client, page) = await AdminOnDriveAsync(drive);
        var (a, b) = (NikBornOn(new(2010, 6, 15), 11), NikBornOn(new(2009, 12, 1), 12));

        var response = await ImportAsync(client, page, $"{a};Rani Putri;2010-06-15;\n{b};Fajar;2009-12-01;13.08.05.2002");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var students = await App.WithDbAsync(db => db.SchoolDriveStudents.OrderBy(s => s.Line).ToListAsync());
        Assert.Equal([("Rani Putri", Nagari), ("Fajar", "13.08.05.2002")], students.Select(s => (s.FullName, s.VillageCode)));
        Assert.All(students, s => Assert.Equal(32, s.NikHash.Length));

        var carded = NikBornOn(new(2010, 4, 4), 13);
        await App.CardAtAsync(CardStatus.Collected, carded);
        page = await client.GetAsync($"/admin/school-drives/{drive}");
        var again = await PageClient.ReadAsync(await ImportAsync(client, page, $"{a},Rani Putri,2010-06-15,\n{carded},Gita,2010-04-04,"));
        var errors = again.Document.QuerySelectorAll("#import-rows tbody tr").Select(tr => tr.Children[3].TextContent).ToList();
        Assert.Contains("sudah ada di daftar", errors[0]);
        Assert.Contains("sudah pernah direkam", errors[1]);
        Assert.Equal(2, await App.WithDbAsync(db => db.SchoolDriveStudents.CountAsync()));
    }

    /// <summary>Imports one student born 15 June 2010 (16 today, 17 on 15 June 2027) and records them at the drive.</summary>
    private async Task<Card> RecordedPemulaCardAsync()
    {
        var drive = await DriveTodayAsync(App);
        var (admin, page) = await AdminOnDriveAsync(drive);
        var nik = NikBornOn(new(2010, 6, 15), 21);
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(admin, page, $"{nik},Rani Putri,2010-06-15,")).StatusCode);
        using var operatorClient = NewClient();
        await operatorClient.SignInAsync(await App.CreateAsync(Roles.Operator, "mobil-1"));
        var record = await operatorClient.GetAsync($"/staff/school-drives/{drive}");
        Assert.Contains("Rani Putri", record.Text);
        var response = await operatorClient.SubmitAsync(record, "#students form.record-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var hash = App.Get<PersonalDataProtector>().Hash(nik);
        return await App.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync(c => c.NikHash == hash));
    }

    [Fact]
    public async Task A_recorded_student_s_card_waits_for_the_17th_birthday_and_moves_to_printing_on_that_day()
    {
        var card = await RecordedPemulaCardAsync();
        Assert.Equal((CardStatus.Recorded, (DateOnly?)new DateOnly(2027, 6, 15)), (card.Status, card.PrintableFrom));
        var recording = await App.WithDbAsync(db => db.Recordings.AsNoTracking().SingleAsync(r => r.Id == card.RecordingId));
        Assert.Equal((ServiceType.NewRecording, RecordingOutcome.Recorded), (recording.Service, recording.Outcome));
        Assert.NotNull(recording.MobileStopId);

        Assert.True((await MoveAsync(App, card.Id, CardStatus.SentForEnrollment)).Ok);
        var refused = await MoveAsync(App, card.Id, CardStatus.PrintReady);
        var message = Assert.Single(refused.Errors).Message;
        Assert.Contains("baru boleh dicetak mulai ulang tahun ke-17", message);
        Assert.Contains("2027", message);
        Assert.True((await MoveAsync(App, card.Id, CardStatus.WaitingForAge)).Ok);

        App.Clock.SetUtcNow(Wib.At(new DateOnly(2027, 6, 14), new TimeOnly(23, 59)));
        Assert.False((await MoveAsync(App, card.Id, CardStatus.PrintReady)).Ok);
        App.Clock.SetUtcNow(Wib.At(new DateOnly(2027, 6, 15), new TimeOnly(0, 0)));
        Assert.True((await MoveAsync(App, card.Id, CardStatus.PrintReady)).Ok);
        Assert.Equal(CardStatus.PrintReady, await App.WithDbAsync(db => db.Cards.Where(c => c.Id == card.Id).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_student_is_recorded_once_and_an_adult_s_card_has_nothing_to_wait_for()
    {
        var drive = await DriveTodayAsync(App);
        var (admin, page) = await AdminOnDriveAsync(drive);
        var adult = NikBornOn(new(2009, 12, 1), 31);
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(admin, page, $"{adult},Fajar,2009-12-01,")).StatusCode);
        var record = await admin.GetAsync($"/staff/school-drives/{drive}");

        await admin.SubmitAsync(record, "#students form.record-form");
        await admin.SubmitAsync(record, "#students form.record-form");

        Assert.Equal(1, await App.WithDbAsync(db => db.Recordings.CountAsync()));
        var hash = App.Get<PersonalDataProtector>().Hash(adult);
        var card = await App.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync(c => c.NikHash == hash));
        Assert.Null(card.PrintableFrom);
        Assert.True((await MoveAsync(App, card.Id, CardStatus.SentForEnrollment)).Ok);
        Assert.Contains("tidak perlu menunggu", Assert.Single((await MoveAsync(App, card.Id, CardStatus.WaitingForAge)).Errors).Message);
        // An operator of another point may not record on this drive.
        using var other = NewClient();
        await other.SignInAsync(await App.CreateAsync(Roles.Operator, "kec-rao"));
        Assert.Equal(HttpStatusCode.Redirect, (await other.Http.GetAsync($"/staff/school-drives/{drive}")).StatusCode);
        Assert.Contains("/staff/denied", (await other.Http.GetAsync($"/staff/school-drives/{drive}")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_dashboard_counts_pemula_recorded_and_cards_waiting_for_their_birthday()
    {
        var card = await RecordedPemulaCardAsync();
        Assert.True((await MoveAsync(App, card.Id, CardStatus.SentForEnrollment)).Ok);
        Assert.True((await MoveAsync(App, card.Id, CardStatus.WaitingForAge)).Ok);
        await App.RefreshRollupsAsync();
        using var head = NewClient();
        await head.SignInAsync(await App.CreateAsync(Roles.Head));

        var page = await head.GetAsync("/dashboard");

        var rows = page.TableRows("table-pemula").ToDictionary(r => r[0]);
        Assert.Equal(["Lubuk Sikaping", "1", "1"], rows["Lubuk Sikaping"]);
        Assert.Equal(["Jumlah", "1", "1"], rows["Jumlah"]);
    }

    /// <summary>Moves one card as staff would, from whatever version it has now.</summary>
    public static Task<CardMoveResult> MoveAsync(EKtpAppFactory app, Guid cardId, CardStatus to) => app.WithDbAsync(async db =>
    {
        var version = await db.Cards.AsNoTracking().Where(c => c.Id == cardId).Select(c => c.Version).SingleAsync();
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CardMover>().MoveAsync([new CardRef(cardId, version)], new MoveInput { To = to }, Guid.NewGuid(), null);
    });
}
