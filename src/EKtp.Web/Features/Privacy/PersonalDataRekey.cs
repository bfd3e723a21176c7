using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Privacy;

public sealed record RekeyResult(int Appointments, int Recordings, int Cards)
{
    public int Total => Appointments + Recordings + Cards;
}

/// <summary>
/// Key rotation, step two: re-encrypts every NIK and KK ciphertext that is not sealed with the active key, in batches
/// of <see cref="BatchSize"/> rows (keyset paging on the id, one transaction per batch). Idempotent: a row already
/// under the active key is left alone, so an interrupted run is simply started again. The HMAC lookup hashes do not
/// change (the hash key is not rotated by this procedure; see docs/operations.md).
/// </summary>
public sealed class PersonalDataRekey(EKtpDbContext db, PersonalDataProtector protector, ILogger<PersonalDataRekey> logger)
{
    public const int BatchSize = 500;

    public async Task<RekeyResult> RunAsync(CancellationToken ct = default)
    {
        var appointments = await RekeyAsync(db.Appointments, a => a.Id, a => new[] { a.NikCipher, a.KkCipher },
            (a, values) => { a.NikCipher = values[0]; a.KkCipher = values[1]; }, ct);
        var recordings = await RekeyAsync(db.Recordings, r => r.Id, r => new[] { r.NikCipher },
            (r, values) => r.NikCipher = values[0], ct);
        var cards = await RekeyAsync(db.Cards, c => c.Id, c => new[] { c.NikCipher },
            (c, values) => c.NikCipher = values[0], ct);
        var result = new RekeyResult(appointments, recordings, cards);
        logger.LogInformation("Personal data re-encrypted with key {KeyId}: {Appointments} appointments, {Recordings} recordings, {Cards} cards",
            protector.ActiveKeyId, appointments, recordings, cards);
        return result;
    }

    private async Task<int> RekeyAsync<T>(DbSet<T> set, Func<T, Guid> idOf, Func<T, byte[][]> ciphersOf, Action<T, byte[][]> write,
        CancellationToken ct) where T : class
    {
        var changed = 0;
        Guid? after = null;
        while (true)
        {
            var query = set.AsQueryable();
            if (after is { } last) query = query.Where(e => EF.Property<Guid>(e, "Id").CompareTo(last) > 0);
            var batch = await query.OrderBy(e => EF.Property<Guid>(e, "Id")).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var row in batch)
            {
                var ciphers = ciphersOf(row);
                if (ciphers.All(c => c.Length == 0 || PersonalDataProtector.KeyIdOf(c) == protector.ActiveKeyId)) continue;
                write(row, ciphers.Select(c => c.Length == 0 || PersonalDataProtector.KeyIdOf(c) == protector.ActiveKeyId
                    ? c : protector.Encrypt(protector.Decrypt(c))).ToArray());
                changed++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            after = idOf(batch[^1]);
        }
        return changed;
    }
}
