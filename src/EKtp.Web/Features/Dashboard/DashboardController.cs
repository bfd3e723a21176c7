using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Dashboard;

/// <summary>The head's coverage dashboard. Reads rollups only; "refresh" brings them up to date first.</summary>
[Authorize(Policy = Policies.Dashboard)]
public sealed class DashboardController(DashboardReader reader, RollupJob rollups, IStringLocalizer<DashboardText> l) : Controller
{
    public const string IndexPath = "/dashboard";
    public const string CsvPath = "/dashboard/csv/{table}";
    public const string RefreshPath = "/dashboard/refresh";
    public const string RefreshBusy = "Data sedang diperbarui, coba lagi sebentar lagi.";

    [HttpGet(IndexPath)]
    public async Task<IActionResult> Index(DateOnly? from, DateOnly? to, string? kecamatan, CancellationToken ct)
    {
        var view = await reader.ReadAsync(reader.DefaultFilter(from, to, kecamatan), ct);
        return View(view);
    }

    [HttpGet(CsvPath)]
    public async Task<IActionResult> Csv(string table, DateOnly? from, DateOnly? to, string? kecamatan, CancellationToken ct)
    {
        if (!DashboardReader.FigureKeys.Contains(table)) return NotFound();
        // Only this figure is read (decision 1532), not the whole dashboard.
        var view = await reader.ReadAsync(reader.DefaultFilter(from, to, kecamatan), table, ct);
        var t = view.Table(table);
        var name = $"ektp-{t.Key}-{view.Filter.From:yyyyMMdd}-{view.Filter.To:yyyyMMdd}{(view.Filter.Kecamatan is null ? "" : "-" + view.Filter.Kecamatan)}.csv";
        return File(Infrastructure.Csv.Write(t.Headers, t.Rows.Select(row => row.Select(DashboardReader.CsvCell))), Infrastructure.Csv.ContentType, name);
    }

    [HttpPost(RefreshPath)]
    public async Task<IActionResult> Refresh(string? returnQuery, CancellationToken ct)
    {
        // Another refresh (the background job, another head, another instance) is under way: say so rather than wait.
        if ((await rollups.RefreshAsync(ct)).Busy) TempData["Flash"] = l[RefreshBusy].Value;
        var query = returnQuery is { Length: > 0 } q && q.All(c => char.IsAsciiLetterOrDigit(c) || "=&-._%".Contains(c)) ? "?" + q : "";
        return Redirect(IndexPath + query);
    }
}
