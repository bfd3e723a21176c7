using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.ServiceStatus;

/// <summary>
/// A printing point's blank-card stock as residents see it (issue 15, A5): the balance the ledger gives (received less
/// used and spoiled), and the blanks that went out (printed or spoiled) over the last <see cref="RateDays"/> days,
/// today included. Days left is the balance at that daily rate, rounded down; none when nothing went out.
/// </summary>
public sealed record BlankStockFigure(int Balance, int OutInRateWindow)
{
    public const int RateDays = 14;

    public bool Available => Balance > 0;

    /// <summary>Blanks out per day over the window, to one decimal.</summary>
    public double PerDay => Math.Round(OutInRateWindow / (double)RateDays, 1);

    /// <summary>0 when out; null when nothing went out in the window (no rate to count with).</summary>
    public int? DaysLeft => Balance <= 0 ? 0 : OutInRateWindow == 0 ? null : (int)((long)Balance * RateDays / OutInRateWindow);

    /// <summary>Out of blanks: residents recorded here get a Suket until blanks arrive.</summary>
    public bool Suket => !Available;

    /// <summary>The first WIB day of the window that ends today.</summary>
    public static DateOnly WindowStart(DateOnly today) => today.AddDays(-(RateDays - 1));
}

/// <summary>
/// The stock of every point from the blank-stock ledger (the staff stock page's source), in one grouped query, kept
/// until the ledger gets a new entry or the day changes (decision 1513): a public page must not sum the whole ledger on
/// every view. The check is one query of the ledger's entry count and newest id, both from the primary key's index
/// (decision 1548): the count changes with any added entry, also one whose id sorts below the newest (a field node's
/// offline entry applied later). The ledger is only ever added to. One per portal instance.
/// </summary>
public sealed class PublicBlankStock(TimeProvider clock)
{
    private sealed record LedgerKey(Guid Newest, int Count);

    private sealed record Cached(LedgerKey? Ledger, DateOnly Day, IReadOnlyDictionary<Guid, BlankStockFigure> Figures);

    private volatile Cached? _cached;

    public async Task<IReadOnlyDictionary<Guid, BlankStockFigure>> ReadAsync(EKtpDbContext db, CancellationToken ct)
    {
        var today = clock.Today();
        // PostgreSQL 15 has no max(uuid): the newest id by the index, the count as a scalar subquery of the same query.
        var ledger = await db.BlankStock.AsNoTracking().OrderByDescending(e => e.Id)
            .Select(e => new LedgerKey(e.Id, db.BlankStock.Count())).FirstOrDefaultAsync(ct);
        if (_cached is { } c && c.Ledger == ledger && c.Day == today) return c.Figures;

        var since = Wib.At(BlankStockFigure.WindowStart(today), TimeOnly.MinValue);
        var figures = await db.BlankStock.AsNoTracking().GroupBy(e => e.ServicePointId)
            .Select(g => new
            {
                PointId = g.Key,
                Balance = g.Sum(e => e.Kind == BlankStockKind.Received ? e.Quantity : -e.Quantity),
                Out = g.Sum(e => e.Kind != BlankStockKind.Received && e.At >= since ? e.Quantity : 0),
            })
            .ToDictionaryAsync(x => x.PointId, x => new BlankStockFigure(Math.Max(0, x.Balance), x.Out), ct);
        _cached = new Cached(ledger, today, figures);
        return figures;
    }
}
