using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.MobileUnits;

public sealed class MobileStopInput
{
    public string? UnitCode { get; set; }
    public string? Date { get; set; }
    public string? VillageCode { get; set; }
    public string? Place { get; set; }
    public string? Start { get; set; } = "08:00";
    public string? End { get; set; } = "14:00";
    public int SlotMinutes { get; set; } = 30;
    public int CapacityPerSlot { get; set; } = 5;
}

/// <summary>Its messages are translated here (one of them carries the booking window), not by the controller.</summary>
public sealed class MobileStopInputValidator : AbstractValidator<MobileStopInput>
{
    public MobileStopInputValidator(EKtpDbContext db, TimeProvider clock, IOptions<BookingOptions> booking, IStringLocalizer<MobileUnitsText> l)
    {
        RuleFor(x => x.UnitCode).NotEmpty().WithMessage(_ => l["Pilih mobil keliling."])
            .MustAsync((code, ct) => db.ServicePoints.AnyAsync(p => p.Code == code && p.Kind == ServicePointKind.MobileUnit && p.IsActive, ct))
            .WithMessage(_ => l["Pilih mobil keliling."]);
        RuleFor(x => x.Date).Must(v => WibInput.TryDate(v, out _)).WithMessage(_ => l["Isi tanggal kunjungan."])
            .Must(v => WibInput.Date(v) >= clock.Today()).WithMessage(_ => l["Tanggal kunjungan tidak boleh sudah lewat."])
            .Must(v => WibInput.Date(v) <= clock.Today().AddDays(booking.Value.WindowDays))
            .WithMessage(_ => l["Tanggal kunjungan paling lambat {0} hari dari hari ini.", booking.Value.WindowDays]);
        RuleFor(x => x.VillageCode).NotEmpty().WithMessage(_ => l["Pilih nagari."])
            .MustAsync((code, ct) => db.Regions.AnyAsync(r => r.Code == code && r.Level == RegionLevel.Village, ct)).WithMessage(_ => l["Pilih nagari."]);
        RuleFor(x => x.Place).NotEmpty().WithMessage(_ => l["Tulis tempat kunjungan (misalnya kantor wali nagari)."])
            .MaximumLength(200).WithMessage(_ => l["Tempat paling banyak 200 karakter."]);
        RuleFor(x => x.Start).Must(v => WibInput.TryTime(v, out _)).WithMessage(_ => l["Isi jam mulai."]);
        RuleFor(x => x.End).Must(v => WibInput.TryTime(v, out _)).WithMessage(_ => l["Isi jam selesai."])
            .Must((x, v) => WibInput.Time(v) > WibInput.Time(x.Start)).WithMessage(_ => l["Jam selesai harus sesudah jam mulai."])
            .When(x => WibInput.TryTime(x.Start, out _));
        RuleFor(x => x.SlotMinutes).InclusiveBetween(10, 120).WithMessage(_ => l["Lama satu sesi 10 sampai 120 menit."]);
        RuleFor(x => x.CapacityPerSlot).InclusiveBetween(1, 50).WithMessage(_ => l["Kapasitas per sesi 1 sampai 50 orang."]);
    }
}

/// <summary>
/// Plans and changes a mobile unit's stop. A new stop becomes bookable like an office once the slot generator has
/// cut it into slots. A stop that holds bookings keeps its date and unit, and new hours must keep every booked slot;
/// its residents are told of any change of place or hours (docs/decisions/0504-mobile-stop-changes.md).
/// </summary>
public sealed class PlanMobileStop(EKtpDbContext db, TimeProvider clock, SlotGenerator slots, SubmitOnce once, IOptions<SiteOptions> site)
{
    public const string AuditPlanned = "mobile-stop-planned";
    public const string AuditChanged = "mobile-stop-changed";

    public sealed record Outcome(MobileStop? Stop, string? Field = null, string? Error = null, int Notified = 0);

    /// <summary>Adds a stop in the caller's unit of work (not saved) after checking the unit is free then.</summary>
    public async Task<Outcome> AddAsync(MobileStopInput input, Guid? visitRequestId, CancellationToken ct)
    {
        var unit = await db.ServicePoints.SingleAsync(p => p.Code == input.UnitCode, ct);
        var stop = new MobileStop
        {
            ServicePointId = unit.Id, Date = WibInput.Date(input.Date), VillageCode = input.VillageCode!, Place = input.Place!.Trim(),
            Start = WibInput.Time(input.Start), End = WibInput.Time(input.End), SlotMinutes = input.SlotMinutes,
            CapacityPerSlot = input.CapacityPerSlot, VisitRequestId = visitRequestId,
        };
        if (await OverlapsAsync(stop, ct)) return new(null, nameof(input.Start), "Mobil ini sudah punya kunjungan lain pada jam itu.");
        db.MobileStops.Add(stop);
        return new(stop);
    }

    /// <summary>Plans a stop; the same form sent twice plans it once (its slots are generated after the commit).</summary>
    public async Task<Outcome> CreateAsync(MobileStopInput input, AuditLog audit, Guid? formKey, CancellationToken ct)
    {
        Outcome? result = null;
        var submitted = await once.RunAsync("mobile-stop", formKey, async c =>
        {
            result = await AddAsync(input, null, c);
            if (result.Stop is null) return null;
            audit.Add(AuditPlanned, "mobile-stop", result.Stop.Id.ToString());
            await db.SaveChangesAsync(c);
            return result.Stop.Id;
        }, ct);
        if (submitted.Repeated) return new(await db.MobileStops.AsNoTracking().SingleAsync(s => s.Id == submitted.Id, ct));
        if (result!.Stop is not null) await slots.GenerateAsync(ct);
        return result;
    }

    public async Task<Outcome> UpdateAsync(Guid stopId, MobileStopInput input, AuditLog audit, CancellationToken ct)
    {
        var stop = await db.MobileStops.Include(s => s.ServicePoint).SingleOrDefaultAsync(s => s.Id == stopId && s.Status == MobileStopStatus.Planned, ct);
        if (stop is null) return new(null, "", "Kunjungan tidak ditemukan atau sudah dibatalkan.");
        var booked = await db.Slots.AsNoTracking().Where(s => s.MobileStopId == stopId && s.Booked > 0).ToListAsync(ct);
        var date = WibInput.Date(input.Date);
        if (booked.Count > 0 && (date != stop.Date || input.UnitCode != stop.ServicePoint!.Code))
            return new(null, nameof(input.Date), "Kunjungan ini sudah dipesan warga: tanggal dan mobil tidak dapat diubah. Batalkan kunjungan, lalu buat yang baru.");

        var (oldPlace, oldVillage) = (stop.Place, stop.VillageCode);
        var (oldStart, oldEnd) = (stop.Start, stop.End);
        var unit = await db.ServicePoints.SingleAsync(p => p.Code == input.UnitCode, ct);
        stop.ServicePointId = unit.Id;
        stop.Date = date;
        stop.VillageCode = input.VillageCode!;
        stop.Place = input.Place!.Trim();
        stop.Start = WibInput.Time(input.Start);
        stop.End = WibInput.Time(input.End);
        stop.SlotMinutes = input.SlotMinutes;
        stop.CapacityPerSlot = input.CapacityPerSlot;
        var planned = SlotPlanner.ForStop(stop).Select(p => (p.StartsAt, p.EndsAt)).ToHashSet();
        if (booked.Any(s => !planned.Contains((s.StartsAt, s.EndsAt))))
            return new(null, nameof(input.Start), "Jam baru tidak mencakup semua jam yang sudah dipesan warga.");
        if (await OverlapsAsync(stop, ct)) return new(null, nameof(input.Start), "Mobil ini sudah punya kunjungan lain pada jam itu.");

        var notified = 0;
        if (stop.Place != oldPlace || stop.Start != oldStart || stop.End != oldEnd || stop.VillageCode != oldVillage)
        {
            var change = Guid.CreateVersion7();
            var residents = await db.Appointments.AsNoTracking()
                .Where(Appointment.IsActive).Where(a => a.Slot!.MobileStopId == stopId && a.Phone != "")
                .Select(a => new { a.Id, a.Code, a.Phone, a.Slot!.StartsAt }).ToListAsync(ct);
            foreach (var a in residents)
                db.Enqueue(clock, NotificationKinds.MobileStopChanged, $"stop-changed:{a.Id}:{change}", a.Phone,
                    NotificationTexts.StopChanged(a.Code, a.StartsAt, stop.Place, site.Value));
            notified = residents.Count;
        }
        audit.Add(AuditChanged, "mobile-stop", stop.Id.ToString(), reason: notified > 0 ? $"{notified} residents notified" : null);
        // The stop and its messages are one SaveChanges: one transaction.
        await db.SaveChangesAsync(ct);
        await slots.GenerateAsync(ct);
        return new(stop, Notified: notified);
    }

    private Task<bool> OverlapsAsync(MobileStop stop, CancellationToken ct) =>
        db.MobileStops.AnyAsync(s => s.Id != stop.Id && s.ServicePointId == stop.ServicePointId && s.Date == stop.Date
            && s.Status == MobileStopStatus.Planned && s.Start < stop.End && s.End > stop.Start, ct);
}
