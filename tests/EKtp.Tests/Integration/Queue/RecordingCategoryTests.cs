using System.Net;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EKtp.Tests.Integration.Queue;

/// <summary>Issue 15, item A4: special recording categories recorded with the outcome, listed and counted.</summary>
[Collection(StaffDatabaseCollection.Name)]
public class RecordingCategoryTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task<PageClient> OperatorAsync(string point)
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, point));
        return client;
    }

    /// <summary>Issues a walk-in ticket at the point, calls it, and opens its serving page.</summary>
    private async Task<(PageResult Serve, Guid TicketId)> CalledWalkInAsync(PageClient client, string point)
    {
        var queue = $"/staff/queue/{point}";
        await client.FollowAsync(await client.SubmitAsync(await client.GetAsync(queue), "#walkin-form"));
        await client.FollowAsync(await client.SubmitAsync(await client.GetAsync(queue), "#call-form"));
        var ticket = await App.WithDbAsync(db => db.QueueTickets
            .Where(t => t.Status == TicketStatus.Called && db.ServicePoints.Any(p => p.Id == t.ServicePointId && p.Code == point))
            .Select(t => t.Id).SingleAsync());
        return (await client.GetAsync($"{queue}/tickets/{ticket}"), ticket);
    }

    private static Dictionary<string, string> Recorded(string category, string? companion = null, string? regency = null) => new()
    {
        ["Outcome"] = "Recorded", ["Nik"] = StaffTestData.NewNik(), ["VillageCode"] = StaffTestData.Village, ["Category"] = category,
        ["CompanionName"] = companion ?? "", ["HomeRegency"] = regency ?? "",
    };

    [Fact]
    public async Task An_ODGJ_recording_needs_a_companion_and_is_stored_with_the_iris_scan_skipped()
    {
        using var client = await OperatorAsync("mobil-1");
        var (serve, ticket) = await CalledWalkInAsync(client, "mobil-1");

        var refused = await PageClient.ReadAsync(await client.SubmitAsync(serve, "#outcome-form", Recorded("Odgj")));
        Assert.Equal("Isi nama pendamping warga ODGJ.", refused.FieldError("CompanionName"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Recordings.CountAsync()));
        Assert.Equal(TicketStatus.Called, await App.WithDbAsync(db => db.QueueTickets.Where(t => t.Id == ticket).Select(t => t.Status).SingleAsync()));

        AssertRedirect(await client.SubmitAsync(refused, "#outcome-form", Recorded("Odgj", companion: "Syafrizal Datuak Bandaro")), "/staff/queue/mobil-1");
        var recording = await App.WithDbAsync(db => db.Recordings.AsNoTracking().SingleAsync());
        Assert.Equal((RecordingCategory.Odgj, true, "Syafrizal Datuak Bandaro", (string?)null),
            (recording.Category, recording.IrisSkipped, recording.CompanionName, recording.HomeRegency));
    }

    [Fact]
    public async Task An_inmate_recording_needs_the_home_regency_and_is_made_only_at_a_mobile_unit_visit()
    {
        using var office = await OperatorAsync("kec-rao");
        var (serve, _) = await CalledWalkInAsync(office, "kec-rao");
        var refused = await PageClient.ReadAsync(await office.SubmitAsync(serve, "#outcome-form", Recorded("Inmate", regency: "Kabupaten Agam")));
        Assert.Equal("Warga binaan dicatat pada kunjungan mobil keliling ke lapas atau rutan.", refused.FieldError("Category"));
        refused = await PageClient.ReadAsync(await office.SubmitAsync(serve, "#outcome-form", Recorded("Bedridden")));
        Assert.Equal("Warga yang terbaring sakit dicatat pada kunjungan mobil keliling ke rumah.", refused.FieldError("Category"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Recordings.CountAsync()));

        using var unit = await OperatorAsync("mobil-1");
        (serve, _) = await CalledWalkInAsync(unit, "mobil-1");
        refused = await PageClient.ReadAsync(await unit.SubmitAsync(serve, "#outcome-form", Recorded("Inmate")));
        Assert.Equal("Isi kabupaten/kota asal warga binaan.", refused.FieldError("HomeRegency"));
        AssertRedirect(await unit.SubmitAsync(refused, "#outcome-form", Recorded("Inmate", companion: "ignored", regency: "Kabupaten Agam")),
            "/staff/queue/mobil-1");
        var recording = await App.WithDbAsync(db => db.Recordings.AsNoTracking().SingleAsync());
        Assert.Equal((RecordingCategory.Inmate, false, (string?)null, "Kabupaten Agam"),
            (recording.Category, recording.IrisSkipped, recording.CompanionName, recording.HomeRegency));
    }

    [Fact]
    public async Task An_unknown_category_is_refused_and_nothing_is_recorded()
    {
        using var client = await OperatorAsync("mobil-1");
        var (serve, _) = await CalledWalkInAsync(client, "mobil-1");
        var answer = await client.SubmitAsync(serve, "#outcome-form", Recorded("Vip"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Recordings.CountAsync()));
    }

    [Fact]
    public async Task The_point_s_recordings_list_shows_each_category_and_counts_them_with_the_companion_masked()
    {
        using var client = await OperatorAsync("mobil-1");
        foreach (var values in new[]
        {
            Recorded("General"), Recorded("Odgj", companion: "Syafrizal Datuak Bandaro"), Recorded("Inmate", regency: "Kota Padang"),
            Recorded("Bedridden"), Recorded("Bedridden"),
        })
        {
            var (serve, _) = await CalledWalkInAsync(client, "mobil-1");
            AssertRedirect(await client.SubmitAsync(serve, "#outcome-form", values), "/staff/queue/mobil-1");
        }

        var list = await client.GetAsync(RecordingsController.PointPath("mobil-1"));
        Assert.Equal(HttpStatusCode.OK, list.Status);
        string Count(RecordingCategory c) => list.Document.QuerySelector($"#category-counts [data-category='{c}'] strong")!.TextContent;
        Assert.Equal(("1", "1", "2"), (Count(RecordingCategory.Odgj), Count(RecordingCategory.Inmate), Count(RecordingCategory.Bedridden)));
        Assert.Equal(5, list.Document.QuerySelectorAll("#recordings-table tbody tr").Length);
        var odgj = list.Document.QuerySelector("#recordings-table tr[data-category='Odgj']")!.TextContent;
        Assert.Contains("iris dilewati", odgj);
        Assert.Contains("S*** D*** B***", odgj);
        Assert.DoesNotContain("Syafrizal", list.Html);
        Assert.Contains("Kota Padang", list.Document.QuerySelector("#recordings-table tr[data-category='Inmate']")!.TextContent);

        // Another point's operator sees only their own point's list.
        using var other = await OperatorAsync("kec-rao");
        Assert.NotEqual(HttpStatusCode.OK, (await other.Http.GetAsync(RecordingsController.PointPath("mobil-1"))).StatusCode);
    }

    [Fact]
    public async Task The_database_refuses_a_category_without_its_own_fields()
    {
        var point = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "mobil-1").Select(p => p.Id).SingleAsync());
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => App.WithDbAsync(async db =>
        {
            db.Recordings.Add(new Recording
            {
                ServicePointId = point, Category = RecordingCategory.Odgj, Outcome = RecordingOutcome.Recorded, RecordedAt = App.Clock.GetUtcNow(),
                UploadStateAt = App.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }));
        Assert.Equal("ck_recordings_odgj_fields", Assert.IsType<PostgresException>(error.InnerException).ConstraintName);
    }
}
