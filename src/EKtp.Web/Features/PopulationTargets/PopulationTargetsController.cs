using System.Text;
using EKtp.Web.Data;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.PopulationTargets;

/// <summary>Population targets (wajib KTP per kecamatan or nagari): upload, preview with errors per row, import.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PopulationTargetsController(EKtpDbContext db, ImportPopulationTargets importer, RollupJob rollups,
    IStringLocalizer<DashboardText> L) : Controller
{
    public const string IndexPath = "/admin/population-targets";
    public const string PreviewPath = "/admin/population-targets/preview";
    public const string ImportPath = "/admin/population-targets/import";
    private const int MaxFileBytes = 1_000_000;

    [HttpGet(IndexPath)]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Index", await LoadAsync(ct));

    private async Task<PopulationTargetsIndex> LoadAsync(CancellationToken ct)
    {
        var imports = await db.PopulationTargetImports.AsNoTracking().OrderByDescending(i => i.ImportedAt).Take(50).ToListAsync(ct);
        var current = await db.PopulationTargets.AsNoTracking()
            .GroupBy(t => t.RegionCode).Select(g => g.OrderByDescending(t => t.AsOf).First()).ToListAsync(ct);
        var names = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return new PopulationTargetsIndex(imports, current.OrderBy(t => t.RegionCode).ToList(), names);
    }

    [HttpPost(PreviewPath), RequestSizeLimit(MaxFileBytes + 100_000)]
    public async Task<IActionResult> Preview(IFormFile? file, string? csv, CancellationToken ct)
    {
        var (name, text) = await ReadAsync(file, csv, ct);
        if (text is null) return await NothingToReadAsync(ct);
        return View("Preview", await importer.PreviewAsync(name, text, ct));
    }

    private async Task<IActionResult> NothingToReadAsync(CancellationToken ct)
    {
        ModelState.AddModelError("file", L["Pilih berkas CSV (paling besar 1 MB) atau tempelkan isinya."]);
        return View("Index", await LoadAsync(ct));
    }

    [HttpPost(ImportPath), RequestSizeLimit(MaxFileBytes + 100_000)]
    public async Task<IActionResult> Import(string? fileName, string? csv, CancellationToken ct)
    {
        // A form posted without the preview's fields (a stale page, a hand-made request) has nothing to import.
        if (string.IsNullOrWhiteSpace(csv)) return await NothingToReadAsync(ct);
        var (preview, import) = await importer.ImportAsync(fileName ?? "", csv, User.UserIdOf(), User.Identity?.Name ?? "", ct);
        if (import is null) return View("Preview", preview);
        await rollups.RefreshAsync(ct);
        TempData["Flash"] = L["{0} target penduduk diimpor.", import.Rows].Value;
        return Redirect(IndexPath);
    }

    private async Task<(string Name, string? Text)> ReadAsync(IFormFile? file, string? csv, CancellationToken ct)
    {
        if (file is { Length: > 0 and <= MaxFileBytes })
        {
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            return (Path.GetFileName(file.FileName), await reader.ReadToEndAsync(ct));
        }
        if (!string.IsNullOrWhiteSpace(csv) && csv.Length <= MaxFileBytes) return (L["(ditempel)"], csv);
        return ("", null);
    }
}

public sealed record PopulationTargetsIndex(List<EKtp.Web.Domain.PopulationTargetImport> Imports, List<EKtp.Web.Domain.PopulationTarget> Current,
    Dictionary<string, string> RegionNames);
