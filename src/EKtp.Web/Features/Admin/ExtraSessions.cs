using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Admin;

/// <summary>The Lebaran surge form: dates (one per line or comma-separated), offices, hours and capacity, in one step.</summary>
public sealed class ExtraSessionInput
{
    public string Dates { get; set; } = "";
    public List<Guid> Points { get; set; } = [];
    public string Start { get; set; } = "08:00";
    public string End { get; set; } = "12:00";
    public int SlotMinutes { get; set; } = 30;
    public int CapacityPerSlot { get; set; } = 4;
    /// <summary>Optional; an empty field binds as null.</summary>
    public string? Note { get; set; }

    public const int MaxDates = 31;

    /// <summary>The dates as typed, split on commas, semicolons and white space.</summary>
    public IReadOnlyList<string> DateWords() => (Dates ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The rules that need no database; the ones that do (past, holidays, closures, overlaps) are <see cref="ExtraSessions"/>'.</summary>
public sealed class ExtraSessionInputValidator : AbstractValidator<ExtraSessionInput>
{
    public ExtraSessionInputValidator(EKtpDbContext db, IStringLocalizer<AdminText> l)
    {
        RuleFor(x => x.Dates).Cascade(CascadeMode.Stop).Must(d => !string.IsNullOrWhiteSpace(d)).WithMessage(l["Isi paling sedikit satu tanggal."])
            .Must((x, _) => x.DateWords().Count <= ExtraSessionInput.MaxDates).WithMessage(l["Paling banyak {0} tanggal sekali buka.", ExtraSessionInput.MaxDates]);
        RuleFor(x => x.Points).Cascade(CascadeMode.Stop).NotEmpty().WithMessage(l["Pilih paling sedikit satu kantor."])
            .CustomAsync(async (ids, context, ct) =>
            {
                // Checked again, with the points locked, when the sessions are opened.
                var points = await db.ServicePoints.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name)
                    .Select(p => new { p.Name, p.Kind, p.IsActive }).ToListAsync(ct);
                var problems = new List<string>();
                if (points.Count != ids.Distinct().Count()) problems.Add(l["Kantor tidak dikenal."]);
                foreach (var p in points)
                {
                    if (p.Kind == ServicePointKind.MobileUnit) problems.Add(l["{0}: sesi tambahan hanya untuk kantor; mobil keliling memakai jadwal kunjungan.", p.Name]);
                    else if (!p.IsActive) problems.Add(l["{0} tidak aktif.", p.Name]);
                }
                if (problems.Count > 0) context.AddFailure(string.Join(" ", problems));
            });
        RuleFor(x => x.Start).Must(s => WibInput.TryTime(s, out _)).WithMessage(l["Isi jam mulai."]);
        RuleFor(x => x.End).Cascade(CascadeMode.Stop).Must(s => WibInput.TryTime(s, out _)).WithMessage(l["Isi jam selesai."])
            .Must((x, e) => !WibInput.TryTime(x.Start, out var s) || WibInput.Time(e) > s).WithMessage(l["Jam selesai harus setelah jam mulai."]);
        RuleFor(x => x.SlotMinutes).InclusiveBetween(5, 240).WithMessage(l["Lama slot antara 5 dan 240 menit."]);
        RuleFor(x => x.CapacityPerSlot).InclusiveBetween(1, 500).WithMessage(l["Kapasitas per slot antara 1 dan 500 orang."]);
        RuleFor(x => x.Note).MaximumLength(100).WithMessage(l["Keterangan paling panjang 100 karakter."]);
    }
}

/// <summary>What opening the sessions gave: the batch and its count, or the errors per form field (nothing was opened).</summary>
public sealed record ExtraSessionsResult(Guid? BatchId, int Sessions, IReadOnlyDictionary<string, string> Errors);

/// <summary>
/// Opens extra sessions at several offices on several dates in one transaction (issue 15, A6; decision 1515): every date
/// and point is checked (past, holiday, closure, overlap with a weekly or an earlier extra session) and one problem
/// anywhere opens nothing. The chosen points' rows are locked first, so two batches for the same office cannot both pass
/// the overlap check; the form's one-time key makes a repeated submit answer with the first's batch. The slots of the
/// dates inside the booking window are made here, in the same transaction; later dates get theirs from the hourly
/// slot generator, whose plan includes extra sessions.
/// </summary>
public sealed class ExtraSessions(EKtpDbContext db, TimeProvider clock, SubmitOnce once, SlotGenerator generator, AuditLog audit,
    IStringLocalizer<AdminText> l)
{
    public async Task<ExtraSessionsResult> OpenAsync(ExtraSessionInput input, Guid byId, Guid? formKey, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var count = 0;
        var submitted = await once.RunAsync("extra-sessions", formKey, async c =>
        {
            (var batch, count) = await OpenOnceAsync(input, byId, errors, c);
            return batch;
        }, ct);
        if (submitted.Repeated && submitted.Id is { } first)
            count = await db.ExtraSessions.CountAsync(s => s.BatchId == first, ct);
        return new ExtraSessionsResult(submitted.Id, count, errors);
    }

    private async Task<(Guid? Batch, int Count)> OpenOnceAsync(ExtraSessionInput input, Guid byId, Dictionary<string, string> errors, CancellationToken ct)
    {
        var today = clock.Today();
        var start = WibInput.Time(input.Start);
        var end = WibInput.Time(input.End);

        var dates = new SortedSet<DateOnly>();
        var dateProblems = new List<string>();
        foreach (var word in input.DateWords())
        {
            if (!WibInput.TryDate(word, out var date)) dateProblems.Add(l["\"{0}\" bukan tanggal.", word]);
            else if (date <= today) dateProblems.Add(l["{0} sudah lewat.", Day(date)]);
            else dates.Add(date);
        }

        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var pointIds = input.Points.Distinct().Order().ToArray();
        // Locked in id order (no deadlock between two batches): the overlap check below sees every committed session.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM service_points WHERE id = ANY({pointIds}) ORDER BY id FOR UPDATE", ct);
        var points = await db.ServicePoints.AsNoTracking().Where(p => pointIds.Contains(p.Id)).Include(p => p.Sessions).ToListAsync(ct);
        var pointProblems = new List<string>();
        if (points.Count != pointIds.Length) pointProblems.Add(l["Kantor tidak dikenal."]);
        foreach (var p in points.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (p.Kind == ServicePointKind.MobileUnit) pointProblems.Add(l["{0}: sesi tambahan hanya untuk kantor; mobil keliling memakai jadwal kunjungan.", p.Name]);
            else if (!p.IsActive) pointProblems.Add(l["{0} tidak aktif.", p.Name]);
        }

        var first = dates.Count == 0 ? today : dates.Min;
        var last = dates.Count == 0 ? today : dates.Max;
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.Date >= first && h.Date <= last).ToListAsync(ct);
        foreach (var h in holidays.Where(h => dates.Contains(h.Date)).OrderBy(h => h.Date))
            dateProblems.Add(l["{0} hari libur ({1}).", Day(h.Date), h.Name]);
        var closures = await db.Closures.AsNoTracking().Where(c => pointIds.Contains(c.ServicePointId) && c.To >= first && c.From <= last).ToListAsync(ct);
        var earlier = await db.ExtraSessions.AsNoTracking().Where(s => pointIds.Contains(s.ServicePointId) && s.Date >= first && s.Date <= last).ToListAsync(ct);
        var overlaps = new List<string>();
        foreach (var p in points.Where(p => p.Kind != ServicePointKind.MobileUnit).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            foreach (var date in dates)
            {
                if (closures.FirstOrDefault(c => c.ServicePointId == p.Id && c.From <= date && c.To >= date) is { } closure)
                    pointProblems.Add(l["{0} tutup {1} ({2}).", p.Name, Day(date), closure.Reason]);
                foreach (var s in p.Sessions.Where(s => s.DayOfWeek == date.DayOfWeek && s.Start < end && start < s.End).OrderBy(s => s.Start))
                    overlaps.Add(l["{0}, {1}: bertumpang dengan sesi {2}.", p.Name, Day(date), WibText.Span(s.Start, s.End)]);
                foreach (var s in earlier.Where(s => s.ServicePointId == p.Id && s.Date == date && s.Start < end && start < s.End).OrderBy(s => s.Start))
                    overlaps.Add(l["{0}, {1}: bertumpang dengan sesi tambahan {2}.", p.Name, Day(date), WibText.Span(s.Start, s.End)]);
            }
        }
        if (dateProblems.Count > 0) errors[nameof(input.Dates)] = string.Join(" ", dateProblems);
        if (pointProblems.Count > 0) errors[nameof(input.Points)] = string.Join(" ", pointProblems);
        if (overlaps.Count > 0) errors[nameof(input.Start)] = string.Join(" ", overlaps);
        if (errors.Count > 0 || dates.Count == 0) return (null, 0);

        var batch = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var note = (input.Note ?? "").Trim();
        var (_, windowEnd) = generator.Window();
        var sessions = (from p in points from date in dates select new ExtraSession
        {
            ServicePointId = p.Id, Date = date, Start = start, End = end, SlotMinutes = input.SlotMinutes,
            CapacityPerSlot = input.CapacityPerSlot, BatchId = batch, Note = note, CreatedAt = now, CreatedById = byId,
        }).ToList();
        db.ExtraSessions.AddRange(sessions);
        await AddSlotsAsync(sessions.Where(s => s.Date <= windowEnd).ToList(), ct);
        audit.Add(AuditActions.ScheduleChanged, "extra-sessions", batch.ToString(),
            reason: $"{sessions.Count} extra sessions {WibInput.Field(start)}-{WibInput.Field(end)} on " +
                    string.Join(",", dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (batch, sessions.Count);
    }

    /// <summary>
    /// The slots of the sessions, as the generator would cut them. A closed, empty slot left at the same time (a schedule
    /// change took it) is opened again with the new capacity rather than duplicated.
    /// </summary>
    private async Task AddSlotsAsync(List<ExtraSession> sessions, CancellationToken ct)
    {
        if (sessions.Count == 0) return;
        var pointIds = sessions.Select(s => s.ServicePointId).Distinct().ToList();
        var dates = sessions.Select(s => s.Date).Distinct().ToList();
        var existing = (await db.Slots.Where(s => pointIds.Contains(s.ServicePointId) && dates.Contains(s.Date)).ToListAsync(ct))
            .ToDictionary(s => (s.ServicePointId, s.StartsAt));
        foreach (var session in sessions)
        {
            foreach (var p in SlotPlanner.Cut(session.Date, session.Start, session.End, session.SlotMinutes, session.CapacityPerSlot))
            {
                if (existing.TryGetValue((session.ServicePointId, p.StartsAt), out var slot) && slot.IsClosed && slot.Booked == 0)
                {
                    (slot.IsClosed, slot.Capacity, slot.EndsAt, slot.MobileStopId) = (false, p.Capacity, p.EndsAt, null);
                    continue;
                }
                db.Slots.Add(new Slot
                {
                    ServicePointId = session.ServicePointId, Date = p.Date, StartsAt = p.StartsAt, EndsAt = p.EndsAt, Capacity = p.Capacity,
                });
            }
        }
    }

    private static string Day(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
}

public sealed partial class AdminController
{
    public const string ExtraSessionsPath = "/admin/extra-sessions";

    [HttpGet(ExtraSessionsPath)]
    public async Task<IActionResult> ExtraSessions(CancellationToken ct) => await ExtraSessionsView(new ExtraSessionInput(), ct);

    [HttpPost(ExtraSessionsPath)]
    public async Task<IActionResult> OpenExtraSessions(ExtraSessionInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey,
        [FromServices] IValidator<ExtraSessionInput> validator, [FromServices] ExtraSessions sessions, CancellationToken ct)
    {
        var bound = ModelState.IsValid;
        CopyErrors(await validator.ValidateAsync(input, ct));
        if (bound && ModelState.IsValid)
        {
            var result = await sessions.OpenAsync(input, User.UserIdOf(), formKey, ct);
            if (result.BatchId is not null) return Saved(l["{0} sesi tambahan dibuka; warga dapat memesan slotnya seperti biasa.", result.Sessions], ExtraSessionsPath);
            foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
        }
        return await ExtraSessionsView(input, ct);
    }

    private async Task<IActionResult> ExtraSessionsView(ExtraSessionInput input, CancellationToken ct)
    {
        var today = clock.Today();
        ViewData["Upcoming"] = await db.ExtraSessions.AsNoTracking().Include(s => s.ServicePoint).Where(s => s.Date >= today)
            .OrderBy(s => s.Date).ThenBy(s => s.ServicePoint!.Name).ThenBy(s => s.Start).Take(200).ToListAsync(ct);
        ViewData["Points"] = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive && p.Kind != ServicePointKind.MobileUnit)
            .OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        return View("ExtraSessions", input);
    }
}
