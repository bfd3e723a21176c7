using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Cards;

public sealed class StockInput
{
    public BlankStockKind Kind { get; set; } = BlankStockKind.Received;
    public int Quantity { get; set; }
    public string? Note { get; set; }
}

public sealed class StockValidator : AbstractValidator<StockInput>
{
    public StockValidator(IStringLocalizer<StaffText> l)
    {
        // Blanks are "used" only by printing a card, which records it itself.
        RuleFor(x => x.Kind).Must(k => k is BlankStockKind.Received or BlankStockKind.Spoiled)
            .WithMessage(l["Pilih diterima atau rusak."]);
        RuleFor(x => x.Quantity).InclusiveBetween(1, 100_000).WithMessage(l["Jumlah antara 1 dan 100.000."]);
        RuleFor(x => x.Note).MaximumLength(300).WithMessage(l["Catatan paling banyak 300 karakter."]);
    }
}

public sealed record StockLine(DateTimeOffset At, BlankStockKind Kind, int Quantity, int Balance, string? Note, string? By);

/// <summary>A point's stock as its ledger has it: the balance and the totals over every entry, and one page of entries (newest first).</summary>
/// <see cref="BalanceAtHub"/>: at a field node, whose entries only are listed, the balance is the hub's.
public sealed record StockView(ServicePoint Point, int Balance, bool Low, IReadOnlyList<StockLine> Lines, int Received, int Used, int Spoiled,
    int Page, int Pages, bool BalanceAtHub = false);

/// <summary>
/// Card-blank stock per service point. The ledger of entries is the one source of every figure (decision 1520): the
/// balance is received − used − spoiled over the point's entries, on this page, the list of points and the dashboard's
/// rollup alike. The point's balance row is the lock that makes concurrent takers (printing, spoilage) wait for each
/// other; under it the ledger is read afresh and the row rewritten to the ledger's figure, behind its CHECK (≥ 0).
/// At a field node an entry is journalled and the balance is left to the hub (blanks are also used by printing, which
/// is the hub's), which applies the entry by the same rule or, when a spoilage would take the balance below zero,
/// keeps the entry and raises a review item.
/// </summary>
public sealed class BlankStock(EKtpDbContext db, TimeProvider clock, SubmitOnce once, IStringLocalizer<StaffText> l, FieldJournal journal)
{
    /// <summary>
    /// Records blanks received or spoiled. Null on success (also for a form sent again: its entry is counted once),
    /// else the message for the operator.
    /// </summary>
    public async Task<string?> RecordAsync(ServicePoint point, StockInput input, Guid byId, Guid? formKey = null, CancellationToken ct = default)
    {
        string? refused = null;
        await once.RunAsync("blank-stock", formKey, async c =>
        {
            (var entryId, refused) = await RecordOnceAsync(point, input, byId, c);
            return entryId;
        }, ct);
        return refused;
    }

    private async Task<(Guid? EntryId, string? Refused)> RecordOnceAsync(ServicePoint point, StockInput input, Guid byId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        if (journal.IsNode) { /* the hub's balance moves when it applies the entry */ }
        else if (input.Kind == BlankStockKind.Received)
        {
            await AddAsync(db, point.Id, input.Quantity, ct);
        }
        else if (!await TakeAsync(db, point.Id, input.Quantity, ct))
        {
            return (null, l["Stok blanko tidak cukup untuk mencatat {0} rusak (sisa {1}).", input.Quantity, await BalanceAsync(db, point.Id, ct)]);
        }
        var entry = db.BlankStock.Add(new BlankStockEntry
        {
            ServicePointId = point.Id, Kind = input.Kind, Quantity = input.Quantity, At = clock.GetUtcNow(), ById = byId,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
        }).Entity;
        await db.SaveChangesAsync(ct);
        await journal.BlankStockRecordedAsync(entry, ct);
        await tx.CommitAsync(ct);
        return (entry.Id, null);
    }

    public const int PageSize = 50;

    /// <summary>Adds received blanks to a point's stock, in the caller's transaction, before the caller writes their entry.</summary>
    public static async Task AddAsync(EKtpDbContext db, Guid pointId, int quantity, CancellationToken ct)
    {
        var left = await LockAndReadAsync(db, pointId, ct);
        await SetRowAsync(db, pointId, left + quantity, ct);
    }

    /// <summary>
    /// Takes blanks from a point's stock, in the caller's transaction: false when the ledger has fewer left. The caller
    /// writes the ledger entries that say why; the row lock taken here holds until its commit.
    /// </summary>
    public static async Task<bool> TakeAsync(EKtpDbContext db, Guid pointId, int quantity, CancellationToken ct)
    {
        var left = await LockAndReadAsync(db, pointId, ct);
        if (left < quantity) return false;
        await SetRowAsync(db, pointId, left - quantity, ct);
        return true;
    }

    /// <summary>The balance as the ledger has it.</summary>
    public static async Task<int> BalanceAsync(EKtpDbContext db, Guid pointId, CancellationToken ct) =>
        await db.BlankStock.Where(e => e.ServicePointId == pointId)
            .SumAsync(e => e.Kind == BlankStockKind.Received ? e.Quantity : -e.Quantity, ct);

    /// <summary>The ledger's balance of every point that has entries.</summary>
    public static async Task<Dictionary<Guid, int>> BalancesAsync(EKtpDbContext db, CancellationToken ct) =>
        await db.BlankStock.GroupBy(e => e.ServicePointId)
            .Select(g => new { g.Key, Balance = g.Sum(e => e.Kind == BlankStockKind.Received ? e.Quantity : -e.Quantity) })
            .ToDictionaryAsync(g => g.Key, g => g.Balance, ct);

    // Read committed: the ledger read after the lock is granted sees every entry of the transaction that held it before.
    private static async Task<int> LockAndReadAsync(EKtpDbContext db, Guid pointId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO blank_stock_balances (service_point_id, balance) VALUES ({pointId}, 0) ON CONFLICT (service_point_id) DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM blank_stock_balances WHERE service_point_id = {pointId} FOR UPDATE", ct);
        return await BalanceAsync(db, pointId, ct);
    }

    private static Task<int> SetRowAsync(EKtpDbContext db, Guid pointId, int balance, CancellationToken ct) =>
        db.BlankStockBalances.Where(b => b.ServicePointId == pointId).ExecuteUpdateAsync(u => u.SetProperty(b => b.Balance, balance), ct);

    /// <summary>The point's figures and one page of its ledger, newest first, each line with the balance after it.</summary>
    public async Task<StockView> ReadAsync(ServicePoint point, int page = 1, CancellationToken ct = default)
    {
        var ledger = db.BlankStock.AsNoTracking().Where(e => e.ServicePointId == point.Id);
        var totals = await ledger.GroupBy(e => e.Kind).Select(g => new { g.Key, Sum = g.Sum(e => e.Quantity), Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, ct);
        int Sum(BlankStockKind k) => totals.GetValueOrDefault(k)?.Sum ?? 0;
        var balance = Sum(BlankStockKind.Received) - Sum(BlankStockKind.Used) - Sum(BlankStockKind.Spoiled);
        var count = totals.Values.Sum(t => t.Count);
        var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var newestFirst = ledger.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
        var skip = (page - 1) * PageSize;
        // The balance after the newest line of this page: the ledger's balance less what the newer pages moved.
        var newer = skip == 0 ? 0 : await newestFirst.Take(skip).SumAsync(e => e.Kind == BlankStockKind.Received ? e.Quantity : -e.Quantity, ct);
        var entries = await newestFirst.Skip(skip).Take(PageSize).ToListAsync(ct);
        var userIds = entries.Select(e => e.ById).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var running = balance - newer;
        var lines = new List<StockLine>();
        foreach (var e in entries)
        {
            lines.Add(new StockLine(e.At, e.Kind, e.Quantity, running, e.Note, names.GetValueOrDefault(e.ById)));
            running -= e.Kind == BlankStockKind.Received ? e.Quantity : -e.Quantity;
        }
        return new StockView(point, balance, !journal.IsNode && balance < point.BlankStockWarningThreshold, lines,
            Sum(BlankStockKind.Received), Sum(BlankStockKind.Used), Sum(BlankStockKind.Spoiled), page, pages, journal.IsNode);
    }
}
