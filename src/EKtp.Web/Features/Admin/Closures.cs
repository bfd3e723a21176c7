using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Admin;

public sealed class ClosureInput
{
    public Guid? ServicePointId { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string Reason { get; set; } = "";
}

public sealed class ClosureInputValidator : AbstractValidator<ClosureInput>
{
    public ClosureInputValidator(EKtpDbContext db, TimeProvider clock, IStringLocalizer<AdminText> l)
    {
        RuleFor(x => x.ServicePointId).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(l["Pilih tempat layanan."])
            .MustAsync((id, ct) => db.ServicePoints.AnyAsync(p => p.Id == id, ct)).WithMessage(l["Tempat layanan tidak dikenal."]);
        RuleFor(x => x.From).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(l["Isi tanggal mulai."])
            .Must(d => d >= clock.Today()).WithMessage(l["Tanggal mulai tidak boleh di masa lalu."]);
        RuleFor(x => x.To).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(l["Isi tanggal selesai."])
            .Must((x, to) => x.From is null || to >= x.From).WithMessage(l["Tanggal selesai tidak boleh sebelum tanggal mulai."])
            .Must((x, to) => x.From is null || to!.Value.DayNumber - x.From.Value.DayNumber <= 366).WithMessage(l["Penutupan paling lama satu tahun."]);
        RuleFor(x => x.Reason).NotEmpty().WithMessage(l["Isi alasan penutupan."])
            .MaximumLength(300).WithMessage(l["Alasan paling panjang 300 karakter."]);
    }
}

public sealed partial class AdminController
{
    public const string ClosuresPath = "/admin/closures";

    [HttpGet(ClosuresPath)]
    public async Task<IActionResult> Closures(CancellationToken ct) => await ClosuresView(new ClosureInput(), ct);

    [HttpPost(ClosuresPath)]
    public async Task<IActionResult> AddClosure(ClosureInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey,
        [FromServices] IValidator<ClosureInput> validator, CancellationToken ct)
    {
        CopyErrors(await validator.ValidateAsync(input, ct));
        if (ModelState.IsValid)
        {
            var pointName = await db.ServicePoints.Where(p => p.Id == input.ServicePointId).Select(p => p.Name).SingleAsync(ct);
            // Identical submits (a double click) save one closure: the form key decides, not a lock on the point.
            var confirm = await ApplyOnceAsync("admin-closure", formKey, async () =>
            {
                var closure = db.Closures.Add(new ServicePointClosure
                {
                    ServicePointId = input.ServicePointId!.Value, From = input.From!.Value, To = input.To!.Value, Reason = input.Reason.Trim(),
                }).Entity;
                audit.Add(AuditActions.ClosureChanged, "closure", closure.Id.ToString(),
                    reason: $"added {closure.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}..{closure.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
                await db.SaveChangesAsync(ct);
                return closure.Id;
            }, $"{pointName} tutup {input.From:dd/MM/yyyy}–{input.To:dd/MM/yyyy}: {input.Reason.Trim()}", ClosuresPath, ct);
            return confirm ?? Saved(l["Penutupan disimpan dan slot diperbarui."], ClosuresPath);
        }
        return await ClosuresView(input, ct);
    }

    [HttpPost(ClosuresPath + "/{id:guid}/delete")]
    public async Task<IActionResult> DeleteClosure(Guid id, CancellationToken ct)
    {
        var closure = await db.Closures.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (closure is null) return NotFound();
        // Removing a closure only gives slots back, so no booking can be affected.
        var confirm = await ApplyAsync(async () =>
        {
            db.Closures.Remove(closure);
            audit.Add(AuditActions.ClosureChanged, "closure", id.ToString(), reason: "removed");
            await db.SaveChangesAsync(ct);
        }, "", ClosuresPath, ct);
        return confirm ?? Saved(l["Penutupan dihapus; slot dibuka kembali."], ClosuresPath);
    }

    private async Task<IActionResult> ClosuresView(ClosureInput input, CancellationToken ct)
    {
        var today = clock.Today();
        ViewData["Closures"] = await db.Closures.AsNoTracking().Include(c => c.ServicePoint)
            .Where(c => c.To >= today).OrderBy(c => c.From).ToListAsync(ct);
        ViewData["Points"] = await db.ServicePoints.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        return View("Closures", input);
    }
}
