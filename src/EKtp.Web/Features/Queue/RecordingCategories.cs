using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Queue;

/// <summary>The Indonesian names (resource keys) of the special recording categories.</summary>
public static class RecordingCategoryNames
{
    public static string Of(RecordingCategory c) => c switch
    {
        RecordingCategory.Odgj => "ODGJ (gangguan jiwa)",
        RecordingCategory.Inmate => "Warga binaan (lapas/rutan)",
        RecordingCategory.Bedridden => "Terbaring sakit (di rumah)",
        _ => "Tidak ada (perekaman biasa)",
    };
}

/// <summary>One recording of the day in the point's list: no NIK, the companion's name masked.</summary>
public sealed record RecordingLine(DateTimeOffset RecordedAt, string? Ticket, ServiceType Service, RecordingOutcome Outcome,
    RecordingCategory Category, bool IrisSkipped, string? Companion, string? HomeRegency);

public sealed record RecordingsPage(ServicePoint Point, DateOnly Date, IReadOnlyList<RecordingLine> Recordings,
    IReadOnlyDictionary<RecordingCategory, int> Counts);

/// <summary>A point's recordings of one day with their category, and how many of each special category (issue 15, item A4).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class RecordingsController(EKtpDbContext db, TimeProvider clock) : Controller
{
    public const string Root = "/staff/recordings";
    public static string PointPath(string code) => $"{Root}/{code}";

    [HttpGet(Root + "/{pointCode}")]
    public async Task<IActionResult> Index([FromPointCode] ServicePoint point, DateOnly? date, CancellationToken ct)
    {
        var day = date ?? clock.Today();
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Wib.Offset).ToUniversalTime();
        var end = start.AddDays(1);
        var rows = await db.Recordings.AsNoTracking()
            .Where(r => r.ServicePointId == point.Id && r.RecordedAt >= start && r.RecordedAt < end)
            .OrderBy(r => r.RecordedAt)
            .Select(r => new
            {
                r.RecordedAt, Ticket = db.QueueTickets.Where(t => t.Id == r.QueueTicketId).Select(t => new { t.Series, t.Number }).FirstOrDefault(),
                r.Service, r.Outcome, r.Category, r.IrisSkipped, r.CompanionName, r.HomeRegency,
            })
            .ToListAsync(ct);
        var lines = rows.Select(r => new RecordingLine(r.RecordedAt,
            r.Ticket is null ? null : QueueOrder.Label(r.Ticket.Series, r.Ticket.Number), r.Service, r.Outcome, r.Category, r.IrisSkipped,
            r.CompanionName is null ? null : Masking.MaskName(r.CompanionName), r.HomeRegency)).ToList();
        var counts = Enum.GetValues<RecordingCategory>().ToDictionary(c => c, c => lines.Count(l => l.Category == c));
        return View("~/Features/Queue/Recordings.cshtml", new RecordingsPage(point, day, lines, counts));
    }
}
