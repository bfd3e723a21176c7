using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Cards;

/// <summary>One line of an imported list: the NIK shown masked, the card it found, and what is wrong with it.</summary>
public sealed record ImportRow(int Line, string MaskedNik, CardStatus? Status, string? CardRef, string? Error);

/// <summary>
/// Reads a CSV of NIKs (one a line, first column; a header line is skipped) and checks each against the cards and the
/// move asked for. Nothing is changed here: the preview lists every row and its error, and the move is offered only
/// when no row has one. The file holds NIKs, so it is never logged, stored, or put in an address; the confirmation
/// carries card ids instead.
/// </summary>
public sealed class ImportCards(EKtpDbContext db, TimeProvider clock, PersonalDataProtector protector, IStringLocalizer<StaffText> l)
{
    public const int MaxBytes = 1_000_000;
    public const int MaxRows = 5_000;

    public async Task<IReadOnlyList<ImportRow>> PreviewAsync(Stream csv, CardStatus to, CancellationToken ct = default)
    {
        var lines = new List<(int Line, string Raw)>();
        await foreach (var (line, fields) in Csv.ReadAsync(csv, ct))
        {
            // A NIK that a spreadsheet kept as text may carry its apostrophe.
            var first = fields[0].Trim('\'').Trim();
            if (first.Length == 0) continue;
            if (line == 1 && !first.Any(char.IsAsciiDigit)) continue; // a header such as "nik"
            lines.Add((line, first));
            if (lines.Count > MaxRows) break;
        }
        var today = clock.Today();
        var parsed = lines.Select(x => (x.Line, x.Raw, Problem: Nik.Check(x.Raw, today, out var nik), Nik: nik)).ToList();
        var hashes = parsed.Where(p => p.Problem == NikProblem.None).Select(p => protector.Hash(p.Nik.Value)).ToList();
        var cards = await db.Cards.AsNoTracking().Where(c => hashes.Contains(c.NikHash)).ToListAsync(ct);
        var byHash = cards.ToDictionary(c => Convert.ToBase64String(c.NikHash));
        var seen = new HashSet<string>();
        var rows = new List<ImportRow>();
        foreach (var p in parsed)
        {
            if (rows.Count >= MaxRows) { rows.Add(new(p.Line, "", null, null, l["Terlalu banyak baris; paling banyak {0} sekali impor.", MaxRows])); break; }
            if (p.Problem != NikProblem.None)
            {
                rows.Add(new(p.Line, Masking.MaskIdNumber(p.Raw), null, null, l["NIK tidak sah (harus 16 angka yang benar)."]));
                continue;
            }
            var masked = p.Nik.Masked;
            if (!seen.Add(p.Nik.Value)) { rows.Add(new(p.Line, masked, null, null, l["NIK ini sudah ada di baris sebelumnya."])); continue; }
            if (!byHash.TryGetValue(Convert.ToBase64String(protector.Hash(p.Nik.Value)), out var card))
            {
                rows.Add(new(p.Line, masked, null, null, l["Tidak ada kartu untuk NIK ini."]));
                continue;
            }
            var error = CardMover.RefusalMessage(l, card, to, clock.Today());
            rows.Add(new(p.Line, masked, card.Status, MoveInput.Ref(card), error));
        }
        return rows;
    }
}
