using System.Globalization;
using CsvHelper;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.AuditTrail;

/// <summary>The audit viewer's filter: who (name or e-mail, a part is enough), what, when (WIB dates), where.</summary>
public sealed class AuditFilter
{
    public string? Who { get; set; }
    public string? Action { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public Guid? Point { get; set; }
    public int Page { get; set; } = 1;

    public string Query(int? page = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add(key + "=" + Uri.EscapeDataString(value)); }
        Add("who", Who);
        Add("action", Action);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("point", Point?.ToString());
        if (page is > 1) Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

public sealed record AuditPage(AuditFilter Filter, List<AuditEntry> Entries, bool HasMore, List<string> Actions,
    Dictionary<Guid, string> Points);

/// <summary>
/// /admin/audit: read and export the audit log. There is deliberately no edit or delete here: the table is
/// append-only, enforced by a database trigger, and this controller only reads it.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AuditTrailController(EKtpDbContext db, AuditLog audit) : Controller
{
    public const string Path = "/admin/audit";
    public const int PageSize = 100;
    public const int ExportLimit = 100_000;

    [HttpGet(Path)]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, CancellationToken ct)
    {
        filter.Page = Math.Max(1, filter.Page);
        var rows = await Filtered(filter).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((filter.Page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        var actions = await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var points = await db.ServicePoints.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return View(new AuditPage(filter, rows.Take(PageSize).ToList(), rows.Count > PageSize, actions, points));
    }

    [HttpGet(Path + "/export")]
    public async Task<IActionResult> Export([FromQuery] AuditFilter filter, CancellationToken ct)
    {
        var points = await db.ServicePoints.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var rows = await Filtered(filter).OrderBy(a => a.At).ThenBy(a => a.Id).Take(ExportLimit).ToListAsync(ct);
        await audit.WriteAsync(AuditActions.AuditExported, "audit", null, reason: $"{rows.Count} rows{filter.Query()}".Truncate(300), ct: ct);
        string[] header = ["at_wib", "user", "role", "service_point", "action", "subject_type", "subject_id", "reason", "client_address"];
        var csv = Csv.Write(header, rows.Select(a => new object?[]
        {
            a.At.ToWib(), a.UserName, a.Role, a.ServicePointId is { } p && points.TryGetValue(p, out var code) ? code : null,
            a.Action, a.SubjectType, a.SubjectId, a.Reason, a.ClientAddress,
        }), textQuoting: CsvQuoting.Always);
        var name = $"audit-{DateTimeOffset.UtcNow.ToWib():yyyyMMdd-HHmm}.csv";
        return File(csv, Csv.ContentType, name);
    }

    private IQueryable<AuditEntry> Filtered(AuditFilter f)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Who))
        {
            var who = "%" + f.Who.Trim().Replace("%", "").Replace("_", "") + "%";
            q = q.Where(a => a.UserName != null && EF.Functions.ILike(a.UserName, who));
        }
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(a => a.Action == f.Action);
        if (f.From is { } from) { var t = Wib.At(from, TimeOnly.MinValue); q = q.Where(a => a.At >= t); }
        if (f.To is { } to) { var t = Wib.At(to.AddDays(1), TimeOnly.MinValue); q = q.Where(a => a.At < t); }
        if (f.Point is { } point) q = q.Where(a => a.ServicePointId == point);
        return q;
    }
}

internal static class StringExtensions
{
    public static string Truncate(this string value, int max) => value.Length <= max ? value : value[..max];
}
