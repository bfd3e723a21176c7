using EKtp.Web.Infrastructure;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Queue;

public sealed class CallInput
{
    /// <summary>The counter (loket) the operator sits at.</summary>
    public int Counter { get; set; } = 1;
}

public sealed class CallValidator : AbstractValidator<CallInput>
{
    public CallValidator(IStringLocalizer<StaffText> l) =>
        RuleFor(x => x.Counter).InclusiveBetween(1, 99).WithMessage(l["Nomor loket antara 1 dan 99."]);
}

/// <summary>
/// "Call next", skip and recall. Call next is one UPDATE whose subquery picks the first waiting ticket with
/// <c>FOR UPDATE SKIP LOCKED</c>: two operators pressing at the same moment lock different rows, so no ticket is called
/// twice and neither waits for the other.
/// </summary>
public sealed class QueueCaller(EKtpDbContext db, TimeProvider clock, IOptions<QueueOptions> options, FieldJournal journal,
    IStringLocalizer<StaffText> l)
{
    public async Task<QueueTicket?> CallNextAsync(Guid pointId, int counter, Guid byId, CancellationToken ct = default)
    {
        var today = clock.Today();
        var every = options.Value.WalkInEvery;
        var recent = every <= 0 ? [] : await db.QueueTickets.AsNoTracking().RecentCalls(pointId, today, every).ToListAsync(ct);
        var preferred = QueueOrder.PreferredSeries(recent, every).ToString();

        // One transaction with the field node's journal event (at the hub there is none).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Under READ COMMITTED a row another operator took between our snapshot and our lock drops out of the
        // subquery and LIMIT 1 yields nothing; try again while tickets are still waiting.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var now = clock.GetUtcNow();
            // Enum names as bound parameters, from the code: a renamed member cannot leave a stale word in the SQL.
            var (calledStatus, waitingStatus) = (nameof(TicketStatus.Called), nameof(TicketStatus.Waiting));
            var called = await db.Database.SqlQuery<Guid>($"""
                UPDATE queue_tickets AS t
                SET status = {calledStatus}, called_at = {now}, counter = {counter}, called_by_id = {byId}, call_count = t.call_count + 1
                WHERE t.id = (
                    SELECT q.id FROM queue_tickets AS q
                    WHERE q.service_point_id = {pointId} AND q.service_date = {today} AND q.status = {waitingStatus}
                    ORDER BY CASE WHEN q.series = {preferred} THEN 0 ELSE 1 END, q.order_at, q.number
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING t.id AS "Value"
                """).ToListAsync(ct);
            if (called.Count == 1)
            {
                await journal.TicketChangedAsync(called[0], ct);
                await tx.CommitAsync(ct);
                return await db.QueueTickets.AsNoTracking().SingleAsync(t => t.Id == called[0], ct);
            }
            var waiting = await db.QueueTickets.AnyAsync(
                t => t.ServicePointId == pointId && t.ServiceDate == today && t.Status == TicketStatus.Waiting, ct);
            if (!waiting) return null;
        }
        return null;
    }

    /// <summary>The resident did not come to the counter: the ticket is set aside and can be recalled later.</summary>
    public async Task<QueueResult> SkipAsync(Guid pointId, Guid ticketId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var n = await db.QueueTickets.Where(t => t.Id == ticketId && t.ServicePointId == pointId && t.Status == TicketStatus.Called)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TicketStatus.Skipped), ct);
        await JournalAsync(n, ticketId, tx, ct);
        return n == 1 ? QueueResult.Done(l["Nomor dilewati; bisa dipanggil ulang."], ticketId)
            : QueueResult.Refused(l["Hanya nomor yang sedang dipanggil yang bisa dilewati."]);
    }

    /// <summary>Calls a called or skipped ticket again (to this counter), so the board and the voice announce it again.</summary>
    public async Task<QueueResult> RecallAsync(Guid pointId, Guid ticketId, int counter, Guid byId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var n = await db.QueueTickets
            .Where(t => t.Id == ticketId && t.ServicePointId == pointId && (t.Status == TicketStatus.Called || t.Status == TicketStatus.Skipped))
            .ExecuteUpdateAsync(u => u
                .SetProperty(t => t.Status, TicketStatus.Called).SetProperty(t => t.CalledAt, now)
                .SetProperty(t => t.Counter, counter).SetProperty(t => t.CalledById, byId)
                .SetProperty(t => t.CallCount, t => t.CallCount + 1), ct);
        await JournalAsync(n, ticketId, tx, ct);
        return n == 1 ? QueueResult.Done(l["Nomor dipanggil ulang."], ticketId)
            : QueueResult.Refused(l["Nomor ini tidak bisa dipanggil ulang."]);
    }

    private async Task JournalAsync(int changed, Guid ticketId, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        if (changed != 1) return;
        await journal.TicketChangedAsync(ticketId, ct);
        await tx.CommitAsync(ct);
    }
}
