using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// Every recording is counted (issue 12, item 4): its way to the district server — captured, sent, acknowledged or
/// failed with the reason — moves forward only, and what has not arrived is listed per point and alerted on.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public class RecordingUploadTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Rao = "kec-rao";

    private async Task<T> UploadsAsync<T>(Func<RecordingUploads, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<RecordingUploads>());
    }

    private Task<Recording> ReloadAsync(Guid id) => App.WithDbAsync(db => db.Recordings.AsNoTracking().SingleAsync(r => r.Id == id));

    [Fact]
    public async Task A_recording_logged_at_the_hub_is_acknowledged_at_once()
    {
        var appointment = await App.BookAsync(Rao);
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, Rao));

        var done = await client.RecordAtCounterAsync(App, Rao, appointment.Code);

        Assert.Contains("A-001: perekaman tercatat", done.Text);
        var recording = await App.WithDbAsync(db => db.Recordings.SingleAsync());
        Assert.Equal(RecordingUpload.Acknowledged, recording.UploadState);
        Assert.Equal(App.Clock.GetUtcNow(), recording.UploadStateAt);
        Assert.Null(recording.UploadFailure);
    }

    [Fact]
    public async Task The_state_moves_forward_only_a_failure_keeps_its_reason_and_acknowledged_is_final()
    {
        var recording = await App.CapturedRecordingAsync(Rao, App.Clock.GetUtcNow());
        App.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await UploadsAsync(u => u.MarkFailedAsync(recording.Id, "Janji sudah dibatalkan di dinas")));
        var failed = await ReloadAsync(recording.Id);
        Assert.Equal((RecordingUpload.Failed, "Janji sudah dibatalkan di dinas"), (failed.UploadState, failed.UploadFailure));
        Assert.Equal(App.Clock.GetUtcNow(), failed.UploadStateAt);

        // Sent again after the failure: the reason goes with the failure.
        Assert.Equal(1, await UploadsAsync(u => u.MarkSentAsync([recording.Id])));
        var sent = await ReloadAsync(recording.Id);
        Assert.Equal((RecordingUpload.Sent, null), (sent.UploadState, sent.UploadFailure));

        Assert.Equal(1, await UploadsAsync(u => u.MarkAcknowledgedAsync([recording.Id])));
        // A late report of sending or failing does not move an acknowledged recording back.
        Assert.Equal(0, await UploadsAsync(u => u.MarkSentAsync([recording.Id])));
        Assert.Equal(0, await UploadsAsync(u => u.MarkFailedAsync(recording.Id, "terlambat")));
        Assert.Equal(0, await UploadsAsync(u => u.MarkAcknowledgedAsync([recording.Id])));
        Assert.Equal(RecordingUpload.Acknowledged, (await ReloadAsync(recording.Id)).UploadState);
    }

    [Fact]
    public async Task The_database_refuses_a_failed_state_without_its_reason()
    {
        var recording = await App.CapturedRecordingAsync(Rao, App.Clock.GetUtcNow());

        var refused = await Assert.ThrowsAnyAsync<PostgresException>(() => App.WithDbAsync(db => db.Recordings.Where(r => r.Id == recording.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UploadState, RecordingUpload.Failed))));

        Assert.Equal("ck_recordings_upload_failure", refused.ConstraintName);
        Assert.Equal(RecordingUpload.Captured, (await ReloadAsync(recording.Id)).UploadState);
    }

    [Fact]
    public async Task The_point_s_staff_see_each_recording_not_yet_acknowledged_and_its_state()
    {
        var first = await App.CapturedRecordingAsync(Rao, App.Clock.GetUtcNow().AddHours(-3));
        var second = await App.CapturedRecordingAsync(Rao, App.Clock.GetUtcNow().AddHours(-1));
        await App.CapturedRecordingAsync("dpks", App.Clock.GetUtcNow());
        await UploadsAsync(u => u.MarkFailedAsync(second.Id, "Kode janji tidak dikenal di dinas"));
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, Rao));

        var page = await client.GetAsync(RecordingUploadsController.PointPath(Rao));

        var rows = page.Document.QuerySelectorAll("#uploads-table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(WibText.Stamp(first.RecordedAt), rows[0]);
        Assert.Contains("Tercatat di loket, belum dikirim", rows[0]);
        Assert.Contains("Ditolak dinas: Kode janji tidak dikenal di dinas", rows[1]);
        Assert.Contains("1 ditolak dinas", page.Document.QuerySelector("#uploads-summary")!.TextContent);

        await UploadsAsync(u => u.MarkAcknowledgedAsync([first.Id, second.Id]));
        var cleared = await client.GetAsync(RecordingUploadsController.PointPath(Rao));
        Assert.NotNull(cleared.Document.QuerySelector("#uploads-none"));
    }

    [Fact]
    public async Task The_dashboard_alerts_once_a_recording_has_waited_longer_than_the_set_days()
    {
        await App.CapturedRecordingAsync(Rao, App.Clock.GetUtcNow().AddDays(-1));
        using var head = NewClient();
        await head.SignInAsync(await App.CreateAsync(Roles.Head));

        var early = await head.GetAsync("/dashboard");
        var row = early.Document.QuerySelectorAll("#table-uploads tbody tr").Single();
        Assert.Contains(await App.PointNameAsync(Rao), row.TextContent);
        Assert.Null(early.Document.QuerySelector("#upload-alert"));

        App.Clock.Advance(TimeSpan.FromDays(1.5));
        // A staff session lasts hours, not days: the head signs in again.
        using var later = NewClient();
        await later.SignInAsync(await App.CreateAsync(Roles.Head));
        var late = await later.GetAsync("/dashboard");

        var alert = late.Document.QuerySelector("#upload-alert")?.TextContent ?? "";
        Assert.Contains("lebih dari 2 hari", alert);
        Assert.Contains(await App.PointNameAsync(Rao), alert);
    }

    [Fact]
    public async Task The_dashboard_alerts_on_a_node_silent_longer_than_the_set_days_and_not_on_a_recent_one()
    {
        var fake = new FakeFieldNodeStatus(App.Clock);
        var now = App.Clock.GetUtcNow();
        fake.Hub.Add(new HubNodeStatus(Guid.NewGuid(), Rao, now.AddDays(-3), null, 0, 0, null, null, "reserved"));
        fake.Hub.Add(new HubNodeStatus(Guid.NewGuid(), "dpks", now.AddMinutes(-1), null, 0, 0, null, null, "reserved"));
        await using var portal = App.WithFieldNodeStatus(fake);
        using var head = portal.NewPageClient();
        await head.SignInAsync(await App.CreateAsync(Roles.Head));

        var page = await head.GetAsync("/dashboard");

        var alert = page.Document.QuerySelector("#upload-alert")?.TextContent ?? "";
        Assert.Contains(await App.PointNameAsync(Rao), alert);
        Assert.DoesNotContain(await App.PointNameAsync("dpks"), alert);
        Assert.Contains("Node tidak menghubungi dinas lebih dari 2 hari", page.Document.QuerySelector("#table-uploads")!.TextContent);
    }
}
