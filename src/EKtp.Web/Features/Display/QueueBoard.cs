using EKtp.Web.Infrastructure;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Display;

/// <summary>What the waiting-room screen shows. Numbers and counters only: never a name or a NIK.</summary>
public sealed record BoardView(string PointCode, string PointName, IReadOnlyList<BoardServing> Serving, IReadOnlyList<string> Next,
    int Waiting, BoardServing? LastCalled, long CallStamp);

public sealed record BoardServing(int Counter, string Label);

/// <summary>
/// The board's live channel: a screen joins the group of its service point and receives <c>board</c> messages. Joining
/// answers with the board as it is now, so a screen that reconnects (its instance died, the load balancer sent it to
/// another) shows the calls it missed while away.
/// </summary>
[AllowAnonymous]
public sealed class QueueHub(QueueBoard board) : Hub
{
    public const string Path = "/hubs/queue";

    public static string Group(string pointCode) => "board:" + pointCode;

    public async Task<BoardView?> Watch(string pointCode)
    {
        if (pointCode.Length is 0 or > 40) return null;
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(pointCode));
        return await board.ReadAsync(pointCode, Context.ConnectionAborted);
    }
}

public sealed class QueueBoard(EKtpDbContext db, TimeProvider clock, IOptions<QueueOptions> options, IHubContext<QueueHub> hub,
    ILogger<QueueBoard> logger)
{
    public const int NextShown = 6;

    public async Task<BoardView?> ReadAsync(string pointCode, CancellationToken ct = default)
    {
        var point = await db.ServicePoints.AsNoTracking().Where(p => p.Code == pointCode)
            .Select(p => new { p.Id, p.Code, p.Name }).SingleOrDefaultAsync(ct);
        if (point is null) return null;
        var today = clock.Today();
        var tickets = db.QueueTickets.AsNoTracking().Where(t => t.ServicePointId == point.Id && t.ServiceDate == today);
        var called = await tickets.Where(t => t.Status == TicketStatus.Called && t.Counter != null)
            .OrderByDescending(t => t.CalledAt)
            .Select(t => new { t.Counter, t.Series, t.Number, t.CalledAt }).ToListAsync(ct);
        var serving = called.GroupBy(t => t.Counter!.Value).Select(g => g.First()).OrderBy(t => t.Counter)
            .Select(t => new BoardServing(t.Counter!.Value, QueueOrder.Label(t.Series, t.Number))).ToList();
        // The order call-next will follow, walk-in interleaving included.
        var every = options.Value.WalkInEvery;
        var recent = every <= 0 ? [] : await db.QueueTickets.AsNoTracking().RecentCalls(point.Id, today, every).ToListAsync(ct);
        var waitingTickets = await tickets.Where(t => t.Status == TicketStatus.Waiting)
            .Select(t => new QueueTicket { Series = t.Series, Number = t.Number, OrderAt = t.OrderAt }).ToListAsync(ct);
        var next = QueueOrder.Upcoming(waitingTickets, recent, every, NextShown);
        var waiting = waitingTickets.Count;
        var last = called.FirstOrDefault();
        return new BoardView(point.Code, point.Name, serving, next.Select(t => QueueOrder.Label(t.Series, t.Number)).ToList(), waiting,
            last is null ? null : new BoardServing(last.Counter!.Value, QueueOrder.Label(last.Series, last.Number)),
            last?.CalledAt?.ToUnixTimeMilliseconds() ?? 0);
    }

    /// <summary>Sends the point's board to every screen watching it. A failure here never fails the queue action.</summary>
    public async Task PublishAsync(string pointCode, CancellationToken ct = default)
    {
        try
        {
            var board = await ReadAsync(pointCode, ct);
            if (board is not null) await hub.Clients.Group(QueueHub.Group(pointCode)).SendAsync("board", board, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Queue board of {PointCode} could not be published; screens fall back to reloading", pointCode);
        }
    }
}
