using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Outbox;

public sealed record OutboxRow(Guid Id, string Kind, string Recipient, string Body, OutboxStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

public sealed record OutboxPage(OutboxStatus Status, IReadOnlyDictionary<OutboxStatus, int> Counts, IReadOnlyList<OutboxRow> Messages);

/// <summary>Admin: what the portal has sent, is sending and failed to send; a failed message can be sent again.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class OutboxController(EKtpDbContext db, TimeProvider clock, AuditLog audit, IStringLocalizer<OutboxText> l) : Controller
{
    public const string Path = "/admin/outbox";
    public const string AuditRetry = "outbox-retry";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(OutboxStatus status = OutboxStatus.Pending, CancellationToken ct = default)
    {
        var counts = await db.Outbox.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var messages = await db.Outbox.AsNoTracking().Where(m => m.Status == status)
            .OrderByDescending(m => m.CreatedAt).Take(100)
            .Select(m => new OutboxRow(m.Id, m.Kind, m.Recipient, m.Body, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError))
            .ToListAsync(ct);
        // Recipients are masked here; the page never shows a full phone number.
        var masked = messages.Select(m => m with { Recipient = Masking.MaskPhone(m.Recipient) }).ToList();
        return View(new OutboxPage(status, Enum.GetValues<OutboxStatus>().ToDictionary(s => s, s => counts.SingleOrDefault(c => c.Key == s)?.Count ?? 0), masked));
    }

    /// <summary>Sends a failed message again from the first attempt; a sent or pending message is left alone.</summary>
    [HttpPost(Path + "/{id:guid}/retry")]
    public async Task<IActionResult> Retry(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var retried = await db.Outbox.Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), ct);
        if (retried == 0) return NotFound();
        await audit.WriteAsync(AuditRetry, "outbox-message", id.ToString(), ct: ct);
        TempData["Flash"] = l["Pesan dijadwalkan untuk dikirim ulang."].Value;
        return Redirect($"{Path}?status={OutboxStatus.Failed}");
    }
}
