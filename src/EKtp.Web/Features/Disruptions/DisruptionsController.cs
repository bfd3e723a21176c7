using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Disruptions;

public sealed record DisruptionRow(Guid Id, string PointName, DisruptionKind Kind, DateTimeOffset StartsAt, DateTimeOffset? ExpectedEndAt,
    DateTimeOffset? EndedAt, string PublicNote, int Affected);

public sealed class DisruptionsPage
{
    public DeclareDisruptionInput Input { get; init; } = new();
    public bool IsAdmin { get; init; }
    public string? OwnPointName { get; init; }
    public IReadOnlyList<(string Code, string Name)> Points { get; init; } = [];
    public IReadOnlyList<DisruptionRow> Current { get; init; } = [];
    public IReadOnlyList<DisruptionRow> Recent { get; init; } = [];
}

/// <summary>Operators declare and end disruptions at their own point; Admins at any point.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DisruptionsController(EKtpDbContext db, TimeProvider clock, IValidator<DeclareDisruptionInput> validator,
    DeclareDisruption declare, EndDisruption end, IStringLocalizer<DisruptionsText> l) : Controller
{
    public const string Path = "/staff/disruptions";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(new DeclareDisruptionInput
    {
        StartsAt = WibInput.Field(clock.Now()),
    }, ct));

    [HttpPost(Path)]
    public async Task<IActionResult> Declare(DeclareDisruptionInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, l[e.ErrorMessage]);
        Guid? pointId = User.IsInRole(Roles.Admin)
            ? await db.ServicePoints.Where(p => p.Code == input.ServicePointCode).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct)
            : User.ServicePointOf();
        if (pointId is null)
        {
            if (!User.IsInRole(Roles.Admin)) return Forbid();
            ModelState.AddModelError(nameof(input.ServicePointCode), l["Pilih tempat layanan."]);
        }
        if (!ModelState.IsValid) return View(nameof(Index), await PageAsync(input, ct));

        var (_, affected) = await declare.SubmitAsync(input, pointId!.Value, User.UserIdOf(), formKey, ct);
        TempData["Flash"] = affected > 0
            ? l["Gangguan dicatat. {0} janji terdampak; warganya diberi tahu.", affected].Value
            : l["Gangguan dicatat."].Value;
        return Redirect(Path);
    }

    [HttpPost(Path + "/{id:guid}/end")]
    public async Task<IActionResult> End(Guid id, CancellationToken ct)
    {
        Guid? onlyAt = User.IsInRole(Roles.Admin) ? null : User.ServicePointOf() ?? Guid.Empty;
        if (!await end.HandleAsync(id, onlyAt, User.UserIdOf(), ct)) return NotFound();
        TempData["Flash"] = l["Gangguan diakhiri. Janji yang terdampak tidak dipindahkan tanpa pilihan warga."].Value;
        return Redirect(Path);
    }

    private async Task<DisruptionsPage> PageAsync(DeclareDisruptionInput input, CancellationToken ct)
    {
        var admin = User.IsInRole(Roles.Admin);
        var own = User.ServicePointOf();
        var now = clock.GetUtcNow();
        var since = now.AddDays(-7);
        var rows = await db.Disruptions.AsNoTracking().Where(Disruption.IsOutage)
            .Where(d => (admin || d.ServicePointId == own) && (d.EndedAt == null || d.EndedAt > since))
            .OrderByDescending(d => d.StartsAt).Take(100)
            .Select(d => new DisruptionRow(d.Id, d.ServicePoint!.Name, d.Kind, d.StartsAt, d.ExpectedEndAt, d.EndedAt, d.PublicNote,
                db.Appointments.Count(a => a.AffectedByDisruptionId == d.Id)))
            .ToListAsync(ct);
        return new DisruptionsPage
        {
            Input = input,
            IsAdmin = admin,
            OwnPointName = own is null ? null : await db.ServicePoints.Where(p => p.Id == own).Select(p => p.Name).SingleOrDefaultAsync(ct),
            Points = admin
                ? (await db.ServicePoints.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Kind).ThenBy(p => p.Name)
                    .Select(p => new { p.Code, p.Name }).ToListAsync(ct)).Select(p => (p.Code, p.Name)).ToList()
                : [],
            Current = rows.Where(r => r.EndedAt is null).ToList(),
            Recent = rows.Where(r => r.EndedAt is not null).ToList(),
        };
    }
}
