using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EKtp.Web.Features.Admin;

public sealed class ServicePointInput
{
    public Guid? Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public ServicePointKind Kind { get; set; } = ServicePointKind.KecamatanOffice;
    public string RegionCode { get; set; } = "";
    public string Address { get; set; } = "";
    public int WalkInDailyQuota { get; set; } = 15;
    public bool CanPrint { get; set; }
    public bool IsActive { get; set; } = true;

    public static ServicePointInput From(ServicePoint p) => new()
    {
        Id = p.Id, Code = p.Code, Name = p.Name, Kind = p.Kind, RegionCode = p.RegionCode, Address = p.Address,
        WalkInDailyQuota = p.WalkInDailyQuota, CanPrint = p.CanPrint, IsActive = p.IsActive,
    };
}

public sealed class ServicePointInputValidator : AbstractValidator<ServicePointInput>
{
    public ServicePointInputValidator(EKtpDbContext db, IStringLocalizer<AdminText> l)
    {
        RuleFor(x => x.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(l["Isi kode tempat layanan."])
            .Matches("^[a-z0-9][a-z0-9-]{1,39}$").WithMessage(l["Kode hanya huruf kecil, angka dan tanda hubung (2–40 karakter)."])
            .MustAsync(async (input, code, ct) => !await db.ServicePoints.AnyAsync(p => p.Code == code && p.Id != input.Id, ct))
            .WithMessage(l["Kode ini sudah dipakai tempat layanan lain."]);
        RuleFor(x => x.Name).NotEmpty().WithMessage(l["Isi nama tempat layanan."])
            .MaximumLength(120).WithMessage(l["Nama paling panjang 120 karakter."]);
        RuleFor(x => x.Kind).IsInEnum().WithMessage(l["Pilih jenis tempat layanan."]);
        RuleFor(x => x.RegionCode).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(l["Pilih wilayah."])
            .MustAsync((code, ct) => db.Regions.AnyAsync(r => r.Code == code, ct)).WithMessage(l["Wilayah tidak dikenal."]);
        RuleFor(x => x.Address).MaximumLength(300).WithMessage(l["Alamat paling panjang 300 karakter."]);
        RuleFor(x => x.WalkInDailyQuota).InclusiveBetween(0, 500).WithMessage(l["Kuota datang langsung antara 0 dan 500 per hari."]);
    }
}

public sealed partial class AdminController
{
    public const string ServicePointsPath = "/admin/service-points";

    [HttpGet(ServicePointsPath)]
    public async Task<IActionResult> ServicePoints(CancellationToken ct) =>
        View(await db.ServicePoints.AsNoTracking().OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct));

    [HttpGet(ServicePointsPath + "/new")]
    public async Task<IActionResult> NewServicePoint(CancellationToken ct)
    {
        await LoadRegionsAsync(ct);
        return View("ServicePointForm", new ServicePointInput());
    }

    [HttpPost(ServicePointsPath + "/new")]
    public async Task<IActionResult> NewServicePoint(ServicePointInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey,
        [FromServices] IValidator<ServicePointInput> validator, CancellationToken ct)
    {
        input.Id = null;
        CopyErrors(await validator.ValidateAsync(input, ct));
        if (!ModelState.IsValid)
        {
            await LoadRegionsAsync(ct);
            return View("ServicePointForm", input);
        }
        var point = new ServicePoint
        {
            Code = input.Code, Name = input.Name.Trim(), Kind = input.Kind, RegionCode = input.RegionCode, Address = (input.Address ?? "").Trim(),
            WalkInDailyQuota = input.WalkInDailyQuota, CanPrint = input.CanPrint, IsActive = input.IsActive,
            // An office starts with the standard office week; a mobile unit gets its slots from its stops.
            Sessions = input.Kind == ServicePointKind.MobileUnit ? [] : ReferenceDataSeeder.DefaultWeek(capacityPerSlot: 3).ToList(),
        };
        try
        {
            var confirm = await ApplyOnceAsync("admin-service-point", formKey, async () =>
            {
                db.ServicePoints.Add(point);
                audit.Add(AuditActions.ServicePointChanged, "service-point", point.Code, reason: "created");
                await db.SaveChangesAsync(ct);
                return point.Id;
            }, "", ServicePointsPath, ct);
            return confirm ?? Saved(l["Tempat layanan ditambahkan."], ServicePointsPath);
        }
        catch (DbUpdateException e) when (IsTakenCode(e))
        {
            return await CodeTakenAsync(input, ct);
        }
    }

    /// <summary>
    /// The validator's check of the code cannot see a point another form is saving at the same moment; the unique index
    /// can, and the loser's transaction (point, sessions, audit entry, form key) is rolled back whole.
    /// </summary>
    private static bool IsTakenCode(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "service_points" };

    private async Task<IActionResult> CodeTakenAsync(ServicePointInput input, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        ModelState.AddModelError(nameof(ServicePointInput.Code), l["Kode ini sudah dipakai tempat layanan lain."]);
        await LoadRegionsAsync(ct);
        return View("ServicePointForm", input);
    }

    [HttpGet(ServicePointsPath + "/{id:guid}")]
    public async Task<IActionResult> EditServicePoint(Guid id, CancellationToken ct)
    {
        var point = await db.ServicePoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (point is null) return NotFound();
        await LoadRegionsAsync(ct);
        return View("ServicePointForm", ServicePointInput.From(point));
    }

    [HttpPost(ServicePointsPath + "/{id:guid}")]
    public async Task<IActionResult> EditServicePoint(Guid id, ServicePointInput input, [FromServices] IValidator<ServicePointInput> validator,
        [FromServices] SlotPlaces places, CancellationToken ct)
    {
        var point = await db.ServicePoints.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (point is null) return NotFound();
        input.Id = id;
        input.Kind = point.Kind; // the kind decides how slots are made; a new point is the way to change it
        CopyErrors(await validator.ValidateAsync(input, ct));
        if (ModelState.IsValid)
        {
            var name = point.Name;
            IActionResult? confirm;
            try
            {
                confirm = await ApplyAsync(async () =>
                {
                    point.Code = input.Code;
                    point.Name = input.Name.Trim();
                    point.RegionCode = input.RegionCode;
                    point.Address = (input.Address ?? "").Trim();
                    point.WalkInDailyQuota = input.WalkInDailyQuota;
                    point.CanPrint = input.CanPrint;
                    point.IsActive = input.IsActive;
                    audit.Add(AuditActions.ServicePointChanged, "service-point", point.Code, reason: input.IsActive ? "edited" : "deactivated");
                    await db.SaveChangesAsync(ct);
                    // Its name and code are in the copies a booking reads its slot from (decision 1710).
                    places.ForgetAll();
                }, input.IsActive ? $"Jadwal layanan {name} diubah oleh Dinas." : $"{name} tidak lagi melayani perekaman.", ServicePointsPath + "/" + id, ct);
            }
            catch (DbUpdateException e) when (IsTakenCode(e))
            {
                return await CodeTakenAsync(input, ct);
            }
            return confirm ?? Saved(l["Tempat layanan disimpan."], ServicePointsPath);
        }
        await LoadRegionsAsync(ct);
        return View("ServicePointForm", input);
    }

    private async Task LoadRegionsAsync(CancellationToken ct) =>
        ViewData["Regions"] = await db.Regions.AsNoTracking().Where(r => r.Level != RegionLevel.Province)
            .OrderBy(r => r.Code).Select(r => new KeyValuePair<string, string>(r.Code, r.Code + " " + r.Name)).ToListAsync(ct);
}
