using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// The portal as the field node of kec-rao (Site:Role = Node), its link state set by the test: the banner on every
/// staff page, the backlog warning (the counter keeps working), and recordings captured until the engine sends them.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public class NodeBannerTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Rao = "kec-rao";
    private FakeFieldNodeStatus _fake = null!;
    private WebApplicationFactory<Program> _node = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _fake = new FakeFieldNodeStatus(App.Clock);
        // A second host on the same database, as the field node of kec-rao.
        _node = App.WithFieldNodeStatus(_fake, FieldNodeHosting.NodeSettings);
    }

    public override async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<PageClient> OperatorAsync()
    {
        var client = _node.NewPageClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, Rao));
        return client;
    }

    private static string Banner(PageResult page) => page.Document.QuerySelector("#field-link-banner")?.TextContent.Trim() ?? "";

    [Fact]
    public async Task Every_staff_page_says_since_when_the_link_is_down_and_how_many_changes_wait()
    {
        var now = App.Clock.GetUtcNow();
        _fake.Node = new NodeLinkStatus(Rao, Connected: false, DisconnectedSince: now.AddMinutes(-18), EventsWaiting: 37,
            OldestWaitingAt: now.AddMinutes(-17), LastSyncAt: now.AddMinutes(-18), BacklogWarning: false, LastError: "timeout");
        using var client = await OperatorAsync();

        foreach (var path in new[] { "/staff", "/staff/queue/kec-rao", RecordingUploadsController.PointPath(Rao) })
        {
            var page = await client.GetAsync(path);
            Assert.Contains($"Tidak terhubung ke dinas sejak {WibText.Clock(now.AddMinutes(-18))} — 37 perubahan menunggu dikirim", Banner(page));
            Assert.Null(page.Document.QuerySelector("#field-backlog-warning"));
        }
    }

    [Fact]
    public async Task When_the_link_returns_and_the_backlog_is_sent_the_banner_says_so()
    {
        var now = App.Clock.GetUtcNow();
        _fake.Node = new NodeLinkStatus(Rao, true, null, 5, now.AddMinutes(-1), now, false, null);
        using var client = await OperatorAsync();
        Assert.Contains("Terhubung ke dinas — 5 perubahan sedang dikirim", Banner(await client.GetAsync("/staff")));

        _fake.Node = new NodeLinkStatus(Rao, true, null, 0, null, now, false, null);

        Assert.Contains("Semua perubahan sudah terkirim", Banner(await client.GetAsync("/staff")));
    }

    [Fact]
    public async Task A_backlog_past_its_limits_warns_and_the_counter_keeps_issuing_tickets()
    {
        var now = App.Clock.GetUtcNow();
        _fake.Node = new NodeLinkStatus(Rao, false, now.AddHours(-5), 250, now.AddHours(-5), now.AddHours(-5), BacklogWarning: true, null);
        using var client = await OperatorAsync();

        var page = await client.GetAsync("/staff/queue/kec-rao");
        Assert.Contains("Perhatian: 250 perubahan belum terkirim", page.Document.QuerySelector("#field-backlog-warning")!.TextContent);
        var issued = await client.FollowAsync(await client.SubmitAsync(page, "#walkin-form"));

        Assert.Contains("B-001", issued.Text);
        Assert.Equal(1, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task A_recording_at_the_node_is_captured_and_listed_until_the_engine_has_it_acknowledged()
    {
        _fake.Node = new NodeLinkStatus(Rao, false, App.Clock.GetUtcNow(), 3, App.Clock.GetUtcNow(), null, false, null);
        var appointment = await App.BookAsync(Rao);
        using var client = await OperatorAsync();

        await client.RecordAtCounterAsync(App, Rao, appointment.Code);

        var recording = await App.WithDbAsync(db => db.Recordings.SingleAsync());
        Assert.Equal(RecordingUpload.Captured, recording.UploadState);
        var listed = await client.GetAsync(RecordingUploadsController.PointPath(Rao));
        Assert.Contains("Tercatat di loket, belum dikirim", Assert.Single(listed.Document.QuerySelectorAll("#uploads-table tbody tr")).TextContent);

        await App.WithDbAsync(async db => await new RecordingUploads(db, App.Clock).MarkAcknowledgedAsync([recording.Id]));
        Assert.NotNull((await client.GetAsync(RecordingUploadsController.PointPath(Rao))).Document.QuerySelector("#uploads-none"));
    }
}
