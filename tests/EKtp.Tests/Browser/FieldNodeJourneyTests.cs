using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Browser;

/// <summary>
/// An operator at the field node of kec-rao works through a cut link — check-in, a walk-in, a recording — under the
/// banner that says so, and sees it clear once the link is back and the changes are sent. The link state comes from
/// a fake of the sync engine's status; the recording's upload state is real.
/// </summary>
[Collection(FieldNodeCollection.Name)]
public class FieldNodeJourneyTests(FieldNodeAppFactory node, BrowserFixture browser)
{
    [Fact]
    public async Task An_operator_serves_through_a_cut_link_under_the_banner_and_sees_it_clear_when_the_link_returns()
    {
        await node.ResetAsync();
        var cutAt = node.Clock.GetUtcNow().AddMinutes(-25);
        node.Fake.Node = new NodeLinkStatus("kec-rao", false, cutAt, 4, cutAt, cutAt, false, null);
        var appointment = await node.BookAsync("kec-rao", fullName: "Rahmat Hidayat");
        var operatorUser = await node.CreateAsync(Roles.Operator, "kec-rao");
        await using var journey = await browser.NewJourneyAsync(node.BaseAddress, "field-node-journey", phone: false);
        var page = journey.Page;

        await new StaffSignInPage(page).SignInAsync(operatorUser.Email!);
        var queue = new QueuePage(page, "kec-rao");
        await queue.OpenAsync();
        Assert.Contains($"Tidak terhubung ke dinas sejak {WibText.Clock(cutAt)} — 4 perubahan menunggu dikirim",
            await page.Locator("#field-link-banner").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await queue.CheckInAsync(appointment.Code);
        Assert.Contains("A-001", await queue.FlashAsync());
        await page.ClickAndWaitForPageAsync("#walkin-form button[type=submit]");
        Assert.Contains("B-001", await queue.FlashAsync());
        await queue.CallNextAsync(counter: 1);
        await queue.ServeAsync("A-001");
        await queue.RecordAsync();
        Assert.Contains("A-001: perekaman tercatat", await queue.FlashAsync());
        Assert.Contains("Tidak terhubung ke dinas", await page.Locator("#field-link-banner").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "field-node-offline");

        await page.GotoAsync(RecordingUploadsController.PointPath("kec-rao"));
        Assert.Contains("Tercatat di loket, belum dikirim", await page.Locator("#uploads-table tbody tr").InnerTextAsync());

        // The link returns: the engine sends the backlog, the hub acknowledges the recording.
        var recording = await node.WithDbAsync(db => db.Recordings.SingleAsync());
        await node.WithDbAsync(db => new RecordingUploads(db, node.Clock).MarkAcknowledgedAsync([recording.Id]));
        node.Fake.Node = new NodeLinkStatus("kec-rao", true, null, 0, null, node.Clock.GetUtcNow(), false, null);

        await queue.OpenAsync();
        Assert.Contains("Semua perubahan sudah terkirim", await page.Locator("#field-link-banner").InnerTextAsync());
        await page.GotoAsync(RecordingUploadsController.PointPath("kec-rao"));
        await page.Locator("#uploads-none").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "field-node-back-online");
        journey.Passed();
    }
}
