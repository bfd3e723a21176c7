using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Admin;

public sealed class HolidayInput
{
    public Guid? Id { get; set; }
    public DateOnly? Date { get; set; }
    public string Name { get; set; } = "";
    public bool IsCutiBersama { get; set; }
}

public sealed class HolidayInputValidator : AbstractValidator<HolidayInput>
{
    public HolidayInputValidator(EKtpDbContext db, IStringLocalizer<AdminText> l)
    {
        RuleFor(x => x.Date).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(l["Isi tanggal libur."])
            .MustAsync(async (input, date, ct) => !await db.Holidays.AnyAsync(h => h.Date == date && h.Id != input.Id, ct))
            .WithMessage(l["Tanggal ini sudah ada di daftar libur."]);
        RuleFor(x => x.Name).NotEmpty().WithMessage(l["Isi nama hari libur."])
            .MaximumLength(150).WithMessage(l["Nama paling panjang 150 karakter."]);
    }
}

public sealed record HolidayImportRow(int Line, DateOnly? Date, string Name, bool IsCutiBersama, string? Error, bool Replaces);

/// <summary>
/// The yearly holiday list as CSV (<c>date,name,cuti_bersama</c>, the format of Data/Seed/holidays.csv): parsed into rows
/// with an error per bad row; imported only when no row has one, so a file is taken whole or not at all.
/// </summary>
public static class HolidayCsv
{
    public const int MaxRows = 200;

    public static List<HolidayImportRow> Parse(string csv, IReadOnlySet<DateOnly> existing, IStringLocalizer<AdminText> l)
    {
        var rows = new List<HolidayImportRow>();
        var seen = new HashSet<DateOnly>();
        var last = 0;
        foreach (var (line, f) in Csv.Read(csv))
        {
            last = line;
            if (line == 1 && f[0].StartsWith("date", StringComparison.OrdinalIgnoreCase)) continue;
            string? error = null;
            DateOnly? date = null;
            var cuti = false;
            if (f.Length is < 2 or > 3) error = l["Baris harus berisi tanggal,nama[,cuti_bersama]."];
            else if (!DateOnly.TryParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                error = l["Tanggal harus berbentuk TTTT-BB-HH."];
            else if (!seen.Add(d)) { date = d; error = l["Tanggal ini muncul dua kali dalam berkas."]; }
            else date = d;
            var name = f.Length > 1 ? f[1] : "";
            if (error is null && name.Length == 0) error = l["Isi nama hari libur."];
            if (error is null && name.Length > 150) error = l["Nama paling panjang 150 karakter."];
            if (error is null && f.Length == 3)
            {
                switch (f[2].ToLowerInvariant())
                {
                    case "true" or "ya" or "1": cuti = true; break;
                    case "false" or "tidak" or "0" or "": break;
                    default: error = l["Kolom cuti_bersama harus true atau false."]; break;
                }
            }
            rows.Add(new HolidayImportRow(line, date, name, cuti, error, date is { } x && existing.Contains(x)));
        }
        if (rows.Count > MaxRows)
            rows.Add(new HolidayImportRow(last + 1, null, "", false, string.Format(l["Paling banyak {0} baris sekali impor."], MaxRows), false));
        return rows;
    }
}

public sealed class HolidayImportInput
{
    public string Csv { get; set; } = "";
    public IFormFile? File { get; set; }
}

public sealed record HolidayImportPreview(string Csv, List<HolidayImportRow> Rows)
{
    public bool CanImport => Rows.Count > 0 && Rows.All(r => r.Error is null);
}

public sealed partial class AdminController
{
    public const string HolidaysPath = "/admin/holidays";

    [HttpGet(HolidaysPath)]
    public async Task<IActionResult> Holidays(int? year, CancellationToken ct)
    {
        var y = year ?? clock.Today().Year;
        ViewData["Year"] = y;
        ViewData["Holidays"] = await db.Holidays.AsNoTracking().Where(h => h.Date.Year == y).OrderBy(h => h.Date).ToListAsync(ct);
        return View("Holidays", new HolidayInput());
    }

    [HttpPost(HolidaysPath)]
    public async Task<IActionResult> AddHoliday(HolidayInput input, [FromServices] IValidator<HolidayInput> validator, CancellationToken ct)
    {
        input.Id = null;
        return await SaveHolidayAsync(input, null, validator, ct);
    }

    [HttpGet(HolidaysPath + "/{id:guid}")]
    public async Task<IActionResult> EditHoliday(Guid id, CancellationToken ct)
    {
        var h = await db.Holidays.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (h is null) return NotFound();
        return View("HolidayForm", new HolidayInput { Id = h.Id, Date = h.Date, Name = h.Name, IsCutiBersama = h.IsCutiBersama });
    }

    [HttpPost(HolidaysPath + "/{id:guid}")]
    public async Task<IActionResult> EditHoliday(Guid id, HolidayInput input, [FromServices] IValidator<HolidayInput> validator, CancellationToken ct)
    {
        var h = await db.Holidays.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (h is null) return NotFound();
        input.Id = id;
        return await SaveHolidayAsync(input, h, validator, ct);
    }

    [HttpPost(HolidaysPath + "/{id:guid}/delete")]
    public async Task<IActionResult> DeleteHoliday(Guid id, CancellationToken ct)
    {
        var h = await db.Holidays.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (h is null) return NotFound();
        // Removing a holiday only gives slots back, so no booking can be affected.
        var confirm = await ApplyAsync(async () =>
        {
            db.Holidays.Remove(h);
            audit.Add(AuditActions.HolidayChanged, "holiday", h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reason: "deleted");
            await db.SaveChangesAsync(ct);
        }, "", HolidaysPath, ct);
        return confirm ?? Saved(l["Hari libur dihapus."], $"{HolidaysPath}?year={h.Date.Year}");
    }

    private async Task<IActionResult> SaveHolidayAsync(HolidayInput input, Holiday? holiday, IValidator<HolidayInput> validator, CancellationToken ct)
    {
        CopyErrors(await validator.ValidateAsync(input, ct));
        if (ModelState.IsValid)
        {
            var back = input.Id is null ? $"{HolidaysPath}?year={input.Date!.Value.Year}" : $"{HolidaysPath}/{input.Id}";
            var confirm = await ApplyAsync(async () =>
            {
                holiday ??= db.Holidays.Add(new Holiday { Name = "" }).Entity;
                holiday.Date = input.Date!.Value;
                holiday.Name = input.Name.Trim();
                holiday.IsCutiBersama = input.IsCutiBersama;
                audit.Add(AuditActions.HolidayChanged, "holiday", holiday.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    reason: input.Id is null ? "added" : "edited");
                await db.SaveChangesAsync(ct);
            }, $"Hari libur {input.Date:dd/MM/yyyy}: {input.Name.Trim()}. Layanan tutup.", back, ct);
            return confirm ?? Saved(l["Hari libur disimpan."], $"{HolidaysPath}?year={input.Date!.Value.Year}");
        }
        if (input.Id is not null) return View("HolidayForm", input);
        var y = input.Date?.Year ?? clock.Today().Year;
        ViewData["Year"] = y;
        ViewData["Holidays"] = await db.Holidays.AsNoTracking().Where(h => h.Date.Year == y).OrderBy(h => h.Date).ToListAsync(ct);
        return View("Holidays", input);
    }

    [HttpGet(HolidaysPath + "/import")]
    public IActionResult ImportHolidays() => View("HolidayImport", new HolidayImportPreview("", []));

    /// <summary>Step one: parse and show every row, with its error, and what would be replaced. Nothing is saved.</summary>
    [HttpPost(HolidaysPath + "/import")]
    [RequestSizeLimit(256 * 1024)]
    public async Task<IActionResult> PreviewHolidays(HolidayImportInput input, CancellationToken ct)
    {
        var csv = input.Csv;
        if (input.File is { Length: > 0 } file)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            csv = await reader.ReadToEndAsync(ct);
        }
        var preview = await PreviewAsync(csv, ct);
        if (preview.Rows.Count == 0) ModelState.AddModelError("Csv", l["Tempel isi CSV atau pilih berkas CSV."]);
        return View("HolidayImport", preview);
    }

    /// <summary>Step two: the same text again, parsed again; imported only if every row is valid.</summary>
    [HttpPost(HolidaysPath + "/import/confirm")]
    public async Task<IActionResult> ConfirmHolidays(HolidayImportInput input, CancellationToken ct)
    {
        var preview = await PreviewAsync(input.Csv, ct);
        if (!preview.CanImport)
        {
            ModelState.AddModelError("Csv", l["Perbaiki baris yang salah, lalu pratinjau lagi."]);
            return View("HolidayImport", preview);
        }
        var confirm = await ApplyAsync(async () =>
        {
            var dates = preview.Rows.Select(r => r.Date!.Value).ToList();
            var existing = await db.Holidays.Where(h => dates.Contains(h.Date)).ToDictionaryAsync(h => h.Date, ct);
            foreach (var row in preview.Rows)
            {
                if (!existing.TryGetValue(row.Date!.Value, out var h)) h = db.Holidays.Add(new Holiday { Date = row.Date.Value, Name = "" }).Entity;
                h.Name = row.Name;
                h.IsCutiBersama = row.IsCutiBersama;
            }
            audit.Add(AuditActions.HolidaysImported, "holiday", null, reason: $"{preview.Rows.Count} rows");
            await db.SaveChangesAsync(ct);
        }, "Daftar hari libur diperbarui: " + string.Join(", ", preview.Rows.Select(r => $"{r.Date:dd/MM} {r.Name}")),
            HolidaysPath + "/import", ct);
        if (confirm is not null) return confirm;
        var year = preview.Rows.Min(r => r.Date!.Value).Year;
        return Saved(string.Format(l["{0} hari libur diimpor."], preview.Rows.Count), $"{HolidaysPath}?year={year}");
    }

    private async Task<HolidayImportPreview> PreviewAsync(string csv, CancellationToken ct)
    {
        var existing = (await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        return new HolidayImportPreview(csv, HolidayCsv.Parse(csv ?? "", existing, l));
    }
}
