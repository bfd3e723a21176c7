using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Admin;

/// <summary>One row of the weekly schedule form; a row without a day is an unused blank row.</summary>
public sealed class SessionRow
{
    public DayOfWeek? Day { get; set; }
    public TimeOnly? Start { get; set; }
    public TimeOnly? End { get; set; }
    public int SlotMinutes { get; set; } = 30;
    public int CapacityPerSlot { get; set; } = 3;
    public bool Remove { get; set; }

    public bool InUse => Day is not null && !Remove;
}

public sealed class ScheduleInput
{
    public List<SessionRow> Sessions { get; set; } = [];
}

public sealed class SessionRowValidator : AbstractValidator<SessionRow>
{
    public SessionRowValidator(IStringLocalizer<AdminText> l)
    {
        When(r => r.InUse, () =>
        {
            RuleFor(r => r.Start).NotNull().WithMessage(l["Isi jam mulai."]);
            RuleFor(r => r.End).NotNull().WithMessage(l["Isi jam selesai."])
                .GreaterThan(r => r.Start).When(r => r.Start is not null).WithMessage(l["Jam selesai harus setelah jam mulai."]);
            RuleFor(r => r.SlotMinutes).InclusiveBetween(5, 240).WithMessage(l["Lama slot antara 5 dan 240 menit."]);
            RuleFor(r => r.CapacityPerSlot).InclusiveBetween(1, 500).WithMessage(l["Kapasitas per slot antara 1 dan 500 orang."]);
        });
    }
}

public sealed class ScheduleInputValidator : AbstractValidator<ScheduleInput>
{
    public ScheduleInputValidator(IStringLocalizer<AdminText> l)
    {
        RuleForEach(x => x.Sessions).SetValidator(new SessionRowValidator(l));
        RuleFor(x => x.Sessions)
            .Must(rows => !rows.Any(row => rows.Any(other => !ReferenceEquals(other, row) && other.InUse && row.InUse
                && other.Day == row.Day && other.Start < row.End && row.Start < other.End)))
            .WithMessage(l["Dua sesi pada hari yang sama bertumpang tindih."]);
    }
}

public sealed partial class AdminController
{
    public static string SchedulePath(Guid pointId) => $"{ServicePointsPath}/{pointId}/schedule";

    [HttpGet(ServicePointsPath + "/{id:guid}/schedule")]
    public async Task<IActionResult> Schedule(Guid id, CancellationToken ct)
    {
        var point = await db.ServicePoints.AsNoTracking().Include(p => p.Sessions).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (point is null) return NotFound();
        var input = new ScheduleInput
        {
            Sessions = point.Sessions.OrderBy(s => s.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)s.DayOfWeek).ThenBy(s => s.Start)
                .Select(s => new SessionRow { Day = s.DayOfWeek, Start = s.Start, End = s.End, SlotMinutes = s.SlotMinutes, CapacityPerSlot = s.CapacityPerSlot })
                .ToList(),
        };
        return ScheduleView(point, input);
    }

    [HttpPost(ServicePointsPath + "/{id:guid}/schedule")]
    public async Task<IActionResult> Schedule(Guid id, ScheduleInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey,
        [FromServices] IValidator<ScheduleInput> validator, CancellationToken ct)
    {
        var point = await db.ServicePoints.Include(p => p.Sessions).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (point is null) return NotFound();
        CopyErrors(await validator.ValidateAsync(input, ct));
        if (ModelState.IsValid)
        {
            // The same form sent twice saves once (its key); two different forms for one point take turns on the point's
            // row, and the later replaces the earlier's sessions (deleted as committed, not as this request read them).
            var confirm = await ApplyOnceAsync("admin-schedule", formKey, async () =>
            {
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM service_points WHERE id = {point.Id} FOR UPDATE", ct);
                await db.ScheduleSessions.Where(s => s.ServicePointId == point.Id).ExecuteDeleteAsync(ct);
                db.ScheduleSessions.AddRange(input.Sessions.Where(r => r.InUse).Select(r => new ScheduleSession
                {
                    ServicePointId = point.Id, DayOfWeek = r.Day!.Value, Start = r.Start!.Value, End = r.End!.Value,
                    SlotMinutes = r.SlotMinutes, CapacityPerSlot = r.CapacityPerSlot,
                }));
                audit.Add(AuditActions.ScheduleChanged, "service-point", point.Code,
                    reason: $"{input.Sessions.Count(r => r.InUse)} sessions");
                await db.SaveChangesAsync(ct);
                return point.Id;
            }, $"Jadwal layanan {point.Name} diubah oleh Dinas; slot Anda tidak ada lagi.", SchedulePath(id), ct);
            return confirm ?? Saved(l["Jadwal disimpan dan slot diperbarui."], SchedulePath(id));
        }
        return ScheduleView(point, input);
    }

    private ViewResult ScheduleView(ServicePoint point, ScheduleInput input)
    {
        // Two blank rows to add sessions without JavaScript.
        var blanks = Math.Max(0, input.Sessions.Count(r => r.Day is not null) + 2 - input.Sessions.Count);
        for (var i = 0; i < blanks; i++) input.Sessions.Add(new SessionRow());
        ViewData["Point"] = point;
        return View("Schedule", input);
    }
}
