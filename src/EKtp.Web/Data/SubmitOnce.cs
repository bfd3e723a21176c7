using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace EKtp.Web.Data;

/// <summary>What a submit gave: the id of what it created (null when it was refused), and whether an earlier submit of
/// the same form made it.</summary>
public readonly record struct Submitted(Guid? Id, bool Repeated);

/// <summary>
/// The one rule for every form that creates a row (decision 1315): the form carries a one-time key
/// (<c>_FormKey.cshtml</c>), the key is claimed in <c>form_submissions</c> in the same transaction as the row it
/// creates, and the primary key lets one submit through. A submit racing the first waits for its commit and is then
/// answered with the first's result; a refused submit (the use case returned no id, or threw) rolls its claim back, so
/// the form can be sent again. Booking keeps its own key column on the appointment (decision 0104), which its API shares.
/// </summary>
public sealed class SubmitOnce(EKtpDbContext db, TimeProvider clock)
{
    /// <summary>The hidden field's name.</summary>
    public const string Field = "FormKey";

    /// <param name="form">Names the form, so a key can only ever answer the form it was made for.</param>
    /// <param name="key">The form's key; without one (a client that dropped it) the use case runs unguarded.</param>
    /// <param name="create">The use case: it may open its own transaction with <see cref="Transactions.BeginOrJoinTransactionAsync"/>.</param>
    public async Task<Submitted> RunAsync(string form, Guid? key, Func<CancellationToken, Task<Guid?>> create, CancellationToken ct = default)
    {
        if (key is not { } k || k == Guid.Empty) return new(await create(ct), false);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // ON CONFLICT waits for a racing claim to commit or roll back, then inserts or does nothing.
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO form_submissions (form, key, created_at) VALUES ({form}, {k}, {clock.GetUtcNow()}) ON CONFLICT DO NOTHING
            """, ct) == 1;
        if (!claimed)
        {
            await tx.RollbackAsync(ct);
            return new(await db.FormSubmissions.AsNoTracking().Where(s => s.Form == form && s.Key == k).Select(s => s.ResultId).SingleAsync(ct), true);
        }
        var id = await create(ct);
        if (id is null)
        {
            await tx.RollbackAsync(ct);
            return new(null, false);
        }
        await db.FormSubmissions.Where(s => s.Form == form && s.Key == k).ExecuteUpdateAsync(u => u.SetProperty(s => s.ResultId, id), ct);
        await tx.CommitAsync(ct);
        return new(id, false);
    }
}

/// <summary>A use case's transaction: its own, or the one a caller (<see cref="SubmitOnce"/>) has open, which only that caller commits.</summary>
public sealed class UseCaseTransaction(IDbContextTransaction? owned) : IAsyncDisposable
{
    /// <summary>False when the use case joined a caller's transaction: the caller commits it, and does what must follow the commit.</summary>
    public bool Owned => owned is not null;

    public Task CommitAsync(CancellationToken ct = default) => owned?.CommitAsync(ct) ?? Task.CompletedTask;

    /// <summary>Rolls its own transaction back; a joined one is the caller's to roll back (SubmitOnce does when the use case returns no id).</summary>
    public Task RollbackAsync(CancellationToken ct = default) => owned?.RollbackAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public static class Transactions
{
    public static async Task<UseCaseTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database, CancellationToken ct = default) =>
        new(database.CurrentTransaction is null ? await database.BeginTransactionAsync(ct) : null);
}
