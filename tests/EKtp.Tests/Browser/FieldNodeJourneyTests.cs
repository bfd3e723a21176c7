using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.FieldNodes;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Features.FieldNodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>
/// A hub and the field node of kec-rao on clusters of this test's own (ports 5487 and 5488), real logical replication,
/// the node's link to the hub through a proxy the test cuts. In Chromium at the node's portal an operator checks a
/// resident in, issues a walk-in and records an outcome with the link cut, under the banner with the node's own count
/// of waiting changes; the link returns, the banner says everything is sent, and the hub holds the same tickets, the
/// recording and the appointment's state, counts the recording on its dashboard and sends its queue page to the node.
/// </summary>
[Collection(FieldNodeCollection.Name)]
public sealed class FieldNodeJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Point = HubAndNode.Point;
    private HubAndNode _pair = null!;

    public async Task InitializeAsync() =>
        _pair = await HubAndNode.StartAsync("field-journey", 5487, 5488, throughLink: true, nodeOnKestrel: true);

    public async Task DisposeAsync()
    {
        if (_pair is not null) await _pair.DisposeAsync();
    }

    [Fact]
    public async Task An_operator_serves_through_a_cut_link_under_the_banner_and_the_hub_shows_the_work_once_the_link_returns()
    {
        using (var scope = _pair.Hub.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<EKtp.Web.Features.Scheduling.SlotGenerator>().GenerateAsync();
        var op = await _pair.Hub.OperatorAtHubAsync(Point);
        var appointment = await _pair.Hub.BookAtHubAsync(Point, "1308054101900001", 0);
        await UntilAsync("the operator and the booking at the node", () => _pair.AtNode(async db =>
            await db.Users.AnyAsync(u => u.Id == op.Id) && await db.Appointments.AnyAsync(a => a.Id == appointment.Id)));
        await using var journey = await browser.NewJourneyAsync(_pair.NodeAddress, "field-node-journey", phone: false);
        var page = journey.Page;
        await new StaffSignInPage(page).SignInAsync(op.Email!);
        var queue = new QueuePage(page, Point);

        _pair.Link!.Stop();
        await queue.OpenAsync();
        await queue.CheckInAsync(appointment.Code);
        Assert.Contains("A-001", await queue.FlashAsync());
        await page.ClickAndWaitForPageAsync("#walkin-form button[type=submit]");
        Assert.Contains("B-001", await queue.FlashAsync());
        await queue.CallNextAsync(counter: 1);
        await queue.ServeAsync("A-001");
        await queue.RecordAsync();
        Assert.Contains("A-001: perekaman tercatat", await queue.FlashAsync());

        // The node finds the hub out of reach at its next push; the banner counts what the node's journal holds unsent.
        string expected = "";
        await UntilAsync("the banner to say the link is down", async () =>
        {
            var state = await _pair.AtNode(db => db.FieldNodeStates.AsNoTracking().SingleAsync());
            if (state.DisconnectedSince is not { } since || state.LastSeq - state.AppliedSeq < 3) return false;
            expected = $"Tidak terhubung ke dinas sejak {WibText.Clock(since)} — {state.LastSeq - state.AppliedSeq} perubahan menunggu dikirim";
            return (await BannerAsync(page, "/staff/queue/" + Point)).Contains(expected);
        });
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "field-node-offline");
        await page.GotoAsync(RecordingUploadsController.PointPath(Point));
        Assert.Contains("Tercatat di loket, belum dikirim", await page.Locator("#uploads-table tbody tr").InnerTextAsync());
        Assert.Equal(0, await _pair.AtHub(db => db.QueueTickets.CountAsync()));

        _pair.Link.Start();
        await UntilAsync("the banner to say every change is sent", async () =>
            (await BannerAsync(page, "/staff/queue/" + Point)).Contains("Semua perubahan sudah terkirim"));
        await UntilAsync("the hub to acknowledge the recording", async () =>
        {
            await page.GotoAsync(RecordingUploadsController.PointPath(Point));
            return await page.Locator("#uploads-none").CountAsync() == 1;
        });
        await BrowserFixture.ScreenshotAsync(page, "field-node-back-online");

        // The hub: the node's tickets as they stand at the node, its recording, the appointment served, the dashboard's count.
        static async Task<List<string>> Tickets(Web.Data.EKtpDbContext db) =>
            (await db.QueueTickets.Select(t => new { t.Series, t.Number, t.Status }).ToListAsync())
            .Select(t => $"{t.Series}-{t.Number}:{t.Status}").Order(StringComparer.Ordinal).ToList();
        var atNode = await _pair.AtNode(Tickets);
        Assert.Equal(["A-1:" + TicketStatus.Served, "B-1:" + TicketStatus.Waiting], atNode);
        Assert.Equal(atNode, await _pair.AtHub(Tickets));
        Assert.Equal(RecordingOutcome.Recorded, (await _pair.AtHub(db => db.Recordings.SingleAsync())).Outcome);
        Assert.Equal(await _pair.AtNode(db => db.Appointments.Where(a => a.Id == appointment.Id).Select(a => a.Status).SingleAsync()),
            await _pair.AtHub(db => db.Appointments.Where(a => a.Id == appointment.Id).Select(a => a.Status).SingleAsync()));
        using (var scope = _pair.Hub.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RollupJob>().RebuildAsync();
        Assert.Equal(1, await _pair.AtHub(db => db.RecordingRollups.SumAsync(r => r.Recorded)));
        using var atHub = _pair.Hub.NewPageClient();
        await atHub.SignInAsync(op);
        var hubQueue = await atHub.GetAsync("/staff/queue/" + Point);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, hubQueue.Status);
        Assert.Contains("dilayani oleh node lapangan di kantor itu", hubQueue.Document.QuerySelector("#queue-at-node")!.TextContent);
        journey.Passed();
    }

    private static async Task<string> BannerAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        return await page.Locator("#field-link-banner").InnerTextAsync();
    }

    private static Task UntilAsync(string what, Func<Task<bool>> condition) => FieldNodeTestSteps.UntilAsync(what, condition, 60);
}
