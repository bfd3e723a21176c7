using System.Text;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.SchoolDrives;

public sealed record DriveRow(SchoolDrive Drive, MobileStop Stop, string UnitName, string VillageName, int Students, int Recorded);

public sealed record StopOption(Guid Id, string Text);

public sealed record DrivesPage(IReadOnlyList<DriveRow> Drives, IReadOnlyList<StopOption> Stops, string? SchoolName, Guid? StopId, bool ForAdmin);

public sealed record StudentLine(SchoolDriveStudent Student, string MaskedNik, DateOnly Seventeenth);

public sealed record DrivePage(DriveRow Row, IReadOnlyList<StudentLine> Students, StudentImportResult? Import, bool CanRecordToday);

/// <summary>
/// School drives (issue 15, A2). Admin: plan one on a mobile stop (the school's name), import the school's list of
/// students. Staff of the stop's unit (or Admin): on the day, record each student on the list.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class SchoolDrivesController(EKtpDbContext db, TimeProvider clock, ImportStudents importer, RecordStudent recorder, SubmitOnce submitOnce,
    IAuthorizationService authorization, PersonalDataProtector protector, AuditLog audit, IStringLocalizer<SchoolDriveText> L) : Controller
{
    public const string AdminPath = "/admin/school-drives";
    public const string StaffPath = "/staff/school-drives";
    public const string FormName = "school-drive";

    [HttpGet(AdminPath), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Index(CancellationToken ct) => View("~/Features/SchoolDrives/Index.cshtml", await DrivesAsync(true, null, null, ct));

    [HttpPost(AdminPath), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Create(Guid? stopId, string? schoolName, [FromForm(Name = SubmitOnce.Field)] Guid? formKey, CancellationToken ct)
    {
        var name = schoolName?.Trim() ?? "";
        if (name.Length is 0 or > 150) ModelState.AddModelError(nameof(schoolName), L["Tuliskan nama sekolah (paling banyak 150 karakter)."]);
        var stop = stopId is null ? null : await db.MobileStops.AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == stopId && s.Status == MobileStopStatus.Planned && s.Date >= clock.Today(), ct);
        if (stop is null) ModelState.AddModelError(nameof(stopId), L["Pilih kunjungan mobil keliling dari daftar."]);
        if (!ModelState.IsValid) return View("~/Features/SchoolDrives/Index.cshtml", await DrivesAsync(true, name, stopId, ct));

        // A repeated submit of this form gets the drive the first made (SubmitOnce); another form for the same stop is refused.
        var submitted = await submitOnce.RunAsync(FormName, formKey, async c =>
        {
            if (await db.SchoolDrives.AnyAsync(d => d.MobileStopId == stop!.Id, c)) return null;
            var drive = new SchoolDrive { MobileStopId = stop!.Id, SchoolName = name, CreatedAt = clock.GetUtcNow(), CreatedById = User.UserIdOf() };
            db.SchoolDrives.Add(drive);
            await db.SaveChangesAsync(c);
            return drive.Id;
        }, ct);
        if (submitted.Id is null)
        {
            ModelState.AddModelError(nameof(stopId), L["Kunjungan ini sudah menjadi perekaman di sekolah."]);
            return View("~/Features/SchoolDrives/Index.cshtml", await DrivesAsync(true, name, stopId, ct));
        }
        TempData["Flash"] = L["Perekaman di sekolah direncanakan. Impor daftar siswanya."].Value;
        return Redirect($"{AdminPath}/{submitted.Id}");
    }

    [HttpGet(AdminPath + "/{id:guid}"), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct) =>
        await DriveAsync(id, null, "~/Features/SchoolDrives/Drive.cshtml", ct) is { } page ? View(page.View, page.Model) : NotFound();

    [HttpPost(AdminPath + "/{id:guid}/import"), Authorize(Policy = Policies.Admin), RequestSizeLimit(1_100_000)]
    public async Task<IActionResult> Import(Guid id, IFormFile? file, string? csv, CancellationToken ct)
    {
        var drive = await LoadAsync(id, ct);
        if (drive is null) return NotFound();
        string? text = null;
        if (file is { Length: > 0 and <= 1_000_000 })
        {
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            text = await reader.ReadToEndAsync(ct);
        }
        else if (!string.IsNullOrWhiteSpace(csv) && csv.Length <= 1_000_000) text = csv;
        StudentImportResult result = text is null ? new([], [L["Pilih berkas CSV (paling besar 1 MB) atau tempelkan isinya."]], 0)
            : await importer.ImportAsync(drive, text, ct);
        if (result.Ok)
        {
            TempData["Flash"] = L["{0} siswa diimpor.", result.Imported].Value;
            return Redirect($"{AdminPath}/{id}");
        }
        var page = await DriveAsync(id, result, "~/Features/SchoolDrives/Drive.cshtml", ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(page!.Value.View, page.Value.Model);
    }

    /// <summary>The drives a staff member may record at: today's and the coming ones of their unit (Admin: all).</summary>
    [HttpGet(StaffPath)]
    public async Task<IActionResult> Mine(CancellationToken ct) => View("~/Features/SchoolDrives/Index.cshtml", await DrivesAsync(false, null, null, ct));

    [HttpGet(StaffPath + "/{id:guid}")]
    public async Task<IActionResult> Record(Guid id, CancellationToken ct)
    {
        var drive = await LoadAsync(id, ct);
        if (drive is null) return NotFound();
        if (!await MayRecordAsync(drive)) return Forbid();
        // Staff see the students' names to call them: a view of personal data, with its reason.
        await audit.WriteAsync(AuditActions.ViewPersonalData, "school-drive", drive.Id.ToString(), reason: $"Perekaman di sekolah: {drive.SchoolName}", ct: ct);
        var page = await DriveAsync(id, null, "~/Features/SchoolDrives/Record.cshtml", ct);
        return View(page!.Value.View, page.Value.Model);
    }

    [HttpPost(StaffPath + "/{id:guid}/students/{studentId:guid}")]
    public async Task<IActionResult> RecordOutcome(Guid id, Guid studentId, RecordingOutcome outcome, NotRecordedReason? reason, CancellationToken ct)
    {
        var drive = await LoadAsync(id, ct);
        if (drive is null) return NotFound();
        if (!await MayRecordAsync(drive)) return Forbid();
        var (ok, message) = await recorder.RunAsync(drive, studentId, outcome, reason, User.UserIdOf(), ct);
        TempData[ok ? "Flash" : "FlashError"] = message;
        return Redirect($"{StaffPath}/{id}#student-{studentId}");
    }

    private async Task<bool> MayRecordAsync(SchoolDrive drive) =>
        (await authorization.AuthorizeAsync(User, drive.MobileStop!.ServicePoint!, StaffPolicies.WorksAtPoint)).Succeeded;

    private Task<SchoolDrive?> LoadAsync(Guid id, CancellationToken ct) =>
        db.SchoolDrives.AsNoTracking().Include(d => d.MobileStop!).ThenInclude(s => s.ServicePoint).Include(d => d.MobileStop!).ThenInclude(s => s.Village)
            .SingleOrDefaultAsync(d => d.Id == id, ct);

    private async Task<(string View, DrivePage Model)?> DriveAsync(Guid id, StudentImportResult? import, string view, CancellationToken ct)
    {
        var drive = await LoadAsync(id, ct);
        if (drive is null) return null;
        var students = await db.SchoolDriveStudents.AsNoTracking().Where(s => s.SchoolDriveId == id).OrderBy(s => s.FullName).ToListAsync(ct);
        var stop = drive.MobileStop!;
        var row = new DriveRow(drive, stop, stop.ServicePoint!.Name, stop.Village?.Name ?? stop.VillageCode, students.Count,
            students.Count(s => s.Outcome == RecordingOutcome.Recorded));
        var lines = students.Select(s => new StudentLine(s, Masking.MaskIdNumber(protector.Decrypt(s.NikCipher)), CardTransitions.SeventeenthBirthday(s.BirthDate))).ToList();
        return (view, new DrivePage(row, lines, import, clock.Today() == stop.Date));
    }

    private async Task<DrivesPage> DrivesAsync(bool forAdmin, string? schoolName, Guid? stopId, CancellationToken ct)
    {
        var today = clock.Today();
        var pointId = User.IsInRole(Roles.Admin) ? null : User.ServicePointOf();
        var drives = await db.SchoolDrives.AsNoTracking().Include(d => d.MobileStop!).ThenInclude(s => s.ServicePoint).Include(d => d.MobileStop!).ThenInclude(s => s.Village)
            .Where(d => (forAdmin || d.MobileStop!.Date >= today) && (pointId == null || d.MobileStop!.ServicePointId == pointId))
            .OrderByDescending(d => d.MobileStop!.Date).Take(100)
            .Select(d => new { Drive = d, Students = d.Students.Count, Recorded = d.Students.Count(s => s.Outcome == RecordingOutcome.Recorded) })
            .ToListAsync(ct);
        var rows = drives.Select(x => new DriveRow(x.Drive, x.Drive.MobileStop!, x.Drive.MobileStop!.ServicePoint!.Name,
            x.Drive.MobileStop.Village?.Name ?? x.Drive.MobileStop.VillageCode, x.Students, x.Recorded)).ToList();
        var stops = !forAdmin ? [] : (await db.MobileStops.AsNoTracking().Include(s => s.ServicePoint).Include(s => s.Village)
                .Where(s => s.Status == MobileStopStatus.Planned && s.Date >= today && !db.SchoolDrives.Any(d => d.MobileStopId == s.Id))
                .OrderBy(s => s.Date).ThenBy(s => s.Start).Take(200).ToListAsync(ct))
            .Select(s => new StopOption(s.Id, $"{WibText.Date(s.Date)}, {WibText.Span(s.Start, s.End)} — {s.ServicePoint!.Name}, {s.Village?.Name ?? s.VillageCode}: {s.Place}")).ToList();
        return new DrivesPage(rows, stops, schoolName, stopId, forAdmin);
    }
}
