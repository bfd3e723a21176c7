using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.PopulationTargets;

/// <summary>One line of a targets file, as typed: <c>region code, wajib KTP, recorded before the portal, as-of date</c>.</summary>
public sealed record TargetRow(int Line, string RegionCode, string WajibKtp, string RecordedBefore, string AsOf, int Columns = 4)
{
    public int Wajib => int.Parse(WajibKtp, NumberStyles.Integer, CultureInfo.InvariantCulture);
    public int Before => int.Parse(RecordedBefore, NumberStyles.Integer, CultureInfo.InvariantCulture);
    public DateOnly Date => DateOnly.ParseExact(AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class TargetRowValidator : AbstractValidator<TargetRow>
{
    public TargetRowValidator(IStringLocalizer<DashboardText> L)
    {
        RuleFor(r => r.WajibKtp).Must(BeCount).WithMessage(L["Wajib KTP harus bilangan bulat, bukan negatif."]);
        RuleFor(r => r.RecordedBefore).Must(BeCount).WithMessage(L["Sudah direkam harus bilangan bulat, bukan negatif."]);
        RuleFor(r => r.AsOf).Must(a => DateOnly.TryParseExact(a, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .WithMessage(L["Tanggal harus berformat TTTT-BB-HH, misalnya 2026-06-30."]);
        RuleFor(r => r).Must(r => r.Before <= r.Wajib).When(r => BeCount(r.WajibKtp) && BeCount(r.RecordedBefore))
            .WithName("RecordedBefore").WithMessage(L["Sudah direkam melebihi wajib KTP."]);
    }

    private static bool BeCount(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0;
}

public sealed record TargetPreviewRow(TargetRow Row, string? RegionName, List<string> Errors);

public sealed record TargetPreview(string FileName, string Csv, List<TargetPreviewRow> Rows, List<string> FileErrors)
{
    public bool CanImport => FileErrors.Count == 0 && Rows.Count > 0 && Rows.All(r => r.Errors.Count == 0);
}

/// <summary>
/// Reads a targets file, checks every row (unknown code, counts that are not whole non-negative numbers, recorded above
/// the target, bad dates, duplicates in the file or already imported), and imports all rows in one transaction —
/// or none, when any row is wrong.
/// </summary>
public sealed class ImportPopulationTargets(EKtpDbContext db, IValidator<TargetRow> validator, TimeProvider clock,
    IStringLocalizer<DashboardText> L)
{
    public const int MaxRows = 5000;

    public async Task<TargetPreview> PreviewAsync(string fileName, string csv, CancellationToken ct = default)
    {
        var fileErrors = new List<string>();
        var rows = new List<TargetRow>();
        foreach (var (line, cells) in Csv.Read(csv))
        {
            // A header line (it starts with a letter) is allowed and skipped.
            if (rows.Count == 0 && cells[0].Length > 0 && char.IsLetter(cells[0][0])) continue;
            rows.Add(new TargetRow(line, cells[0], cells.ElementAtOrDefault(1) ?? "", cells.ElementAtOrDefault(2) ?? "",
                cells.ElementAtOrDefault(3) ?? "", cells.Length));
        }
        if (rows.Count == 0) fileErrors.Add(L["Berkas tidak berisi baris target."]);
        if (rows.Count > MaxRows) fileErrors.Add(L["Berkas berisi lebih dari {0} baris.", MaxRows]);

        var regions = await db.Regions.AsNoTracking()
            .Where(r => r.Level == RegionLevel.District || r.Level == RegionLevel.Village)
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var existing = (await db.PopulationTargets.AsNoTracking().Where(t => codes.Contains(t.RegionCode))
            .Select(t => new { t.RegionCode, t.AsOf }).ToListAsync(ct)).Select(t => (t.RegionCode, t.AsOf)).ToHashSet();

        var preview = new List<TargetPreviewRow>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in rows)
        {
            var errors = new List<string>();
            if (row.Columns != 4)
            {
                errors.Add(L["Baris harus berisi 4 kolom: kode wilayah, wajib KTP, sudah direkam, tanggal."]);
                preview.Add(new(row, null, errors));
                continue;
            }
            var name = regions.GetValueOrDefault(row.RegionCode);
            if (name is null) errors.Add(L["Kode wilayah tidak dikenal: {0} (harus kode kecamatan atau nagari Kemendagri).", row.RegionCode]);
            var result = await validator.ValidateAsync(row, ct);
            errors.AddRange(result.Errors.Select(e => e.ErrorMessage));
            if (seen.TryGetValue((row.RegionCode, row.AsOf), out var first))
                errors.Add(L["Baris ganda: wilayah dan tanggal sama dengan baris {0}.", first]);
            else
                seen[(row.RegionCode, row.AsOf)] = row.Line;
            if (result.IsValid && existing.Contains((row.RegionCode, row.Date)))
                errors.Add(L["Target wilayah ini untuk tanggal ini sudah pernah diimpor."]);
            preview.Add(new(row, name, errors));
        }
        return new TargetPreview(fileName, csv, preview, fileErrors);
    }

    /// <summary>Imports the file when every row is right; returns the preview (with its errors) either way.</summary>
    public async Task<(TargetPreview Preview, PopulationTargetImport? Import)> ImportAsync(string fileName, string csv, Guid userId, string userName,
        CancellationToken ct = default)
    {
        var preview = await PreviewAsync(fileName, csv, ct);
        if (!preview.CanImport) return (preview, null);
        var import = new PopulationTargetImport
        {
            FileName = fileName, Rows = preview.Rows.Count, ImportedById = userId, ImportedByName = userName, ImportedAt = clock.GetUtcNow(),
        };
        db.PopulationTargetImports.Add(import);
        db.PopulationTargets.AddRange(preview.Rows.Select(r => new PopulationTarget
        {
            RegionCode = r.Row.RegionCode, WajibKtp = r.Row.Wajib, RecordedBefore = r.Row.Before, AsOf = r.Row.Date, ImportId = import.Id,
        }));
        // One SaveChanges: one transaction. A row another admin imported a moment ago trips the unique index, and nothing is kept.
        await db.SaveChangesAsync(ct);
        return (preview, import);
    }
}
