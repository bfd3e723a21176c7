using EKtp.LinkProxy;
using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Browser;

/// <summary>
/// The waiting-room board behind a load balancer whose instance dies: here a TCP proxy in front of the portal cuts
/// every connection and refuses new ones for a while, as HAProxy does between one instance's death and its health check.
/// </summary>
[Collection(BrowserCollection.Name)]
public class BoardReconnectTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task A_board_whose_connection_dies_reconnects_by_itself_and_shows_the_call_it_missed_without_reloading()
    {
        await app.ResetAsync();
        var target = new Uri(app.BaseAddress);
        await using var balancer = new TcpProxy(target.Host, target.Port);
        balancer.Start();
        await using var journey = await browser.NewJourneyAsync($"http://127.0.0.1:{balancer.Port}", "board-reconnect", phone: false);
        var board = new DisplayBoardPage(journey.Page, "kec-rao");
        await board.OpenAsync();
        await board.WaitUntilLiveAsync();

        balancer.Stop();
        await journey.Page.WaitForSelectorAsync("body[data-live='reconnecting']");
        // Called while the board is away: no message reaches it; only the board it takes on reconnecting can show it.
        await app.WithDbAsync(async db =>
        {
            var point = await db.ServicePoints.SingleAsync(p => p.Code == "kec-rao");
            var now = app.Clock.GetUtcNow();
            db.QueueTickets.Add(new QueueTicket
            {
                ServicePointId = point.Id, ServiceDate = app.Clock.Today(), Series = TicketSeries.A, Number = 7,
                Service = ServiceType.NewRecording, Status = TicketStatus.Called, Counter = 3, IssuedAt = now, OrderAt = now,
                CalledAt = now, CallCount = 1,
            });
            await db.SaveChangesAsync();
        });
        balancer.Start();

        await board.WaitForServingAsync("A-007");
        await board.WaitUntilLiveAsync();
        Assert.Contains("Loket 3", await board.ServingAsync());
        Assert.True(await board.WasNotReloadedAsync(), "the board reloaded instead of reconnecting");
        journey.Passed();
    }
}
