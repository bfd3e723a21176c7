using System.Globalization;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Data;

/// <summary>
/// Seeds what every deployment starts from: regions (Kemendagri codes, from Data/Seed/pasaman-wilayah.csv),
/// service points with default weekly schedules, holidays, and the staff roles. Idempotent: it only adds what is
/// missing, so an administrator's edits survive a restart.
/// </summary>
public sealed class ReferenceDataSeeder(EKtpDbContext db, RoleManager<IdentityRole<Guid>> roles, UserManager<StaffUser> users,
    ILogger<ReferenceDataSeeder> logger)
{
    public const string DemoPassword = "Pasaman-Demo-2026";

    public static string SeedFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Seed", name);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await SeedRegionsAsync(ct);
        await SeedServicePointsAsync(ct);
        await SeedHolidaysAsync(ct);
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
    }

    public async Task SeedRegionsAsync(CancellationToken ct = default)
    {
        var known = (await db.Regions.Select(r => r.Code).ToListAsync(ct)).ToHashSet();
        foreach (var (_, f) in Csv.ReadFile(SeedFile("pasaman-wilayah.csv")).Skip(1))
        {
            if (f.Length < 4 || known.Contains(f[0])) continue;
            db.Regions.Add(new Region
            {
                Code = f[0], Name = f[1],
                Level = f[2] switch
                {
                    "provinsi" => RegionLevel.Province,
                    "kabupaten" or "kota" => RegionLevel.Regency,
                    "kecamatan" => RegionLevel.District,
                    _ => RegionLevel.Village,
                },
                ParentCode = string.IsNullOrEmpty(f[3]) ? null : f[3],
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Office hours per Perpres 21/2023: 07:30 to 16:00 Monday–Thursday and to 16:30 Friday, with a break.</summary>
    public static IEnumerable<ScheduleSession> DefaultWeek(int capacityPerSlot)
    {
        for (var day = DayOfWeek.Monday; day <= DayOfWeek.Friday; day++)
        {
            var friday = day == DayOfWeek.Friday;
            yield return new ScheduleSession { DayOfWeek = day, Start = new(7, 30), End = friday ? new(11, 30) : new(12, 0), SlotMinutes = 30, CapacityPerSlot = capacityPerSlot };
            yield return new ScheduleSession { DayOfWeek = day, Start = new(13, 0), End = friday ? new(16, 30) : new(16, 0), SlotMinutes = 30, CapacityPerSlot = capacityPerSlot };
        }
    }

    public static string KecamatanPointCode(string kecamatanName) =>
        "kec-" + string.Join('-', kecamatanName.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private async Task SeedServicePointsAsync(CancellationToken ct)
    {
        if (await db.ServicePoints.AnyAsync(ct)) return;
        var regency = await db.Regions.SingleAsync(r => r.Level == RegionLevel.Regency, ct);
        db.ServicePoints.Add(new ServicePoint
        {
            Code = "dpks", Name = "Kantor Dinas Kependudukan dan Pencatatan Sipil", Kind = ServicePointKind.DistrictOffice,
            RegionCode = "13.08.05", Address = $"Lubuk Sikaping, {regency.Name}", CanPrint = true, WalkInDailyQuota = 40,
            Sessions = DefaultWeek(capacityPerSlot: 6).ToList(),
        });
        var kecamatan = await db.Regions.Where(r => r.Level == RegionLevel.District).OrderBy(r => r.Name).ToListAsync(ct);
        foreach (var k in kecamatan)
            db.ServicePoints.Add(new ServicePoint
            {
                Code = KecamatanPointCode(k.Name), Name = $"Kantor Camat {k.Name}", Kind = ServicePointKind.KecamatanOffice,
                RegionCode = k.Code, Address = $"Kecamatan {k.Name}, {regency.Name}", WalkInDailyQuota = 15,
                Sessions = DefaultWeek(capacityPerSlot: 3).ToList(),
            });
        for (var n = 1; n <= 2; n++)
            db.ServicePoints.Add(new ServicePoint
            {
                Code = $"mobil-{n}", Name = $"Mobil Keliling {n}", Kind = ServicePointKind.MobileUnit,
                RegionCode = regency.Code, Address = "Berpindah sesuai jadwal kunjungan nagari", WalkInDailyQuota = 30,
            });
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedHolidaysAsync(CancellationToken ct)
    {
        var known = (await db.Holidays.Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        foreach (var (_, f) in Csv.ReadFile(SeedFile("holidays.csv")).Skip(1))
        {
            var date = DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (known.Contains(date)) continue;
            db.Holidays.Add(new Holiday { Date = date, Name = f[1], IsCutiBersama = bool.Parse(f[2]) });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Demo accounts for a developer's machine; never created outside Development.</summary>
    public async Task SeedDemoAccountsAsync()
    {
        var dpks = await db.ServicePoints.SingleAsync(p => p.Code == "dpks");
        var rao = await db.ServicePoints.SingleAsync(p => p.Code == "kec-rao");
        (string Email, string Name, string Role, Guid? Point)[] demo =
        [
            ("admin@ektp.local", "Admin Demo", Roles.Admin, null),
            ("kepala@ektp.local", "Kepala Dinas Demo", Roles.Head, null),
            ("operator.dpks@ektp.local", "Operator DPKS Demo", Roles.Operator, dpks.Id),
            ("operator.rao@ektp.local", "Operator Rao Demo", Roles.Operator, rao.Id),
        ];
        foreach (var (email, name, role, point) in demo)
        {
            if (await users.FindByEmailAsync(email) is not null) continue;
            var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, ServicePointId = point };
            var created = await users.CreateAsync(user, DemoPassword);
            if (!created.Succeeded)
                throw new InvalidOperationException("Demo account could not be created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            logger.LogInformation("Demo account {Email} ({Role}) created", email, role);
        }
    }
}
