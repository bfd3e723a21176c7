using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

public sealed class ResolveReviewInput
{
    public string? Note { get; set; }
}

public sealed class ResolveReviewValidator : AbstractValidator<ResolveReviewInput>
{
    public ResolveReviewValidator(IStringLocalizer<FieldNodesText> l)
    {
        RuleFor(x => x.Note).NotEmpty().WithMessage(l["Tuliskan bagaimana perkara ini diselesaikan."])
            .MaximumLength(500).WithMessage(l["Catatan paling banyak 500 karakter."]);
    }
}

public sealed record FieldNodeRow(HubNodeStatus Node, string PointName, bool Connected);

public sealed record FieldNodesPage(IReadOnlyList<FieldNodeRow> Nodes, IReadOnlyList<FieldReviewItemView> Reviews, bool All,
    Guid? ErrorItem = null, string? Error = null, string? Note = null);

/// <summary>
/// The hub's view of its field nodes: last contact, lag, events waiting, errors, and the review items the sync engine
/// raised (both sides), each resolved by an Admin with a note, audited.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class FieldNodesAdminController(IFieldNodeStatus status, EKtpDbContext db, AuditLog audit, TimeProvider clock,
    IOptions<FieldNodeOptions> options, IStringLocalizer<FieldNodesText> l) : Controller
{
    public const string Path = "/admin/field-nodes";
    public const string AuditResolved = "field-review-resolved";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(bool all = false, CancellationToken ct = default) =>
        View("~/Features/FieldNodes/Admin.cshtml", await ReadAsync(all, ct));

    [HttpPost(Path + "/review/{id:guid}/resolve")]
    public async Task<IActionResult> Resolve(Guid id, ResolveReviewInput input, [FromServices] IValidator<ResolveReviewInput> validator,
        CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            return View("~/Features/FieldNodes/Admin.cshtml",
                (await ReadAsync(false, ct)) with { ErrorItem = id, Error = validation.Errors[0].ErrorMessage, Note = input.Note });
        }
        var note = input.Note!.Trim();
        // The resolution and its audit entry commit together (when the engine writes through this request's context).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await status.ResolveReviewItemAsync(id, User.UserIdOf(), note, ct))
        {
            TempData["Flash"] = l["Perkara ini sudah diselesaikan atau tidak ada."].Value;
            return Redirect(Path);
        }
        audit.Add(AuditResolved, "field-review-item", id.ToString(), reason: note);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        TempData["Flash"] = l["Perkara ditandai selesai."].Value;
        return Redirect(Path);
    }

    private async Task<FieldNodesPage> ReadAsync(bool all, CancellationToken ct)
    {
        var nodes = await status.ReadHubAsync(ct);
        var names = await db.ServicePoints.AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        var connectedSince = clock.GetUtcNow().AddSeconds(-options.Value.ConnectedWithinSeconds);
        var rows = nodes.OrderBy(n => n.PointCode)
            .Select(n => new FieldNodeRow(n, names.GetValueOrDefault(n.PointCode, n.PointCode), n.LastContactAt >= connectedSince))
            .ToList();
        return new FieldNodesPage(rows, await status.ReadReviewItemsAsync(null, openOnly: !all, ct), all);
    }
}
