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

/// <summary>The stock page's figures. <see cref="BalanceAtHub"/>: at a field node, whose entries only are listed, the balance is the hub's.</summary>
public sealed record StockView(ServicePoint Point, int Balance, bool Low, IReadOnlyList<StockLine> Lines, int Received, int Used, int Spoiled,
    bool BalanceAtHub = false);

/// <summary>
/// Card-blank stock per service point. The ledger of entries says what happened; the balance row is changed by one
/// conditional statement each time, so concurrent printing and spoilage can never take the balance below zero.
/// At a field node an entry is journalled and the balance is left to the hub (the node holds no balance: blanks are
/// also used by printing, which is the hub's), which applies the entry by the same rule or, when a spoilage would take
/// the balance below zero, keeps the entry and raises a review item.
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

    /// <summary>Adds received blanks to a point's balance (made at the first).</summary>
    public static async Task AddAsync(EKtpDbContext db, Guid pointId, int quantity, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO blank_stock_balances (service_point_id, balance) VALUES ({pointId}, {quantity})
            ON CONFLICT (service_point_id) DO UPDATE SET balance = blank_stock_balances.balance + EXCLUDED.balance
            """, ct);

    /// <summary>Takes blanks from a point's balance with one conditional UPDATE; false when fewer are left.</summary>
    public static async Task<bool> TakeAsync(EKtpDbContext db, Guid pointId, int quantity, CancellationToken ct) =>
        await db.BlankStockBalances.Where(b => b.ServicePointId == pointId && b.Balance >= quantity)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Balance, b => b.Balance - quantity), ct) == 1;

    public static async Task<int> BalanceAsync(EKtpDbContext db, Guid pointId, CancellationToken ct) =>
        await db.BlankStockBalances.Where(b => b.ServicePointId == pointId).Select(b => (int?)b.Balance).SingleOrDefaultAsync(ct) ?? 0;

    public async Task<StockView> ReadAsync(ServicePoint point, CancellationToken ct = default)
    {
        var entries = await db.BlankStock.AsNoTracking().Where(e => e.ServicePointId == point.Id)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var userIds = entries.Select(e => e.ById).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var running = 0;
        var lines = new List<StockLine>();
        foreach (var e in entries)
        {
            running += e.Kind == BlankStockKind.Received ? e.Quantity : -e.Quantity;
            lines.Add(new StockLine(e.At, e.Kind, e.Quantity, running, e.Note, names.GetValueOrDefault(e.ById)));
        }
        var balance = await BalanceAsync(db, point.Id, ct);
        int Sum(BlankStockKind k) => entries.Where(e => e.Kind == k).Sum(e => e.Quantity);
        lines.Reverse();
        return new StockView(point, balance, !journal.IsNode && balance < point.BlankStockWarningThreshold, lines,
            Sum(BlankStockKind.Received), Sum(BlankStockKind.Used), Sum(BlankStockKind.Spoiled), journal.IsNode);
    }
}
