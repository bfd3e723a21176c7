using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Admin;

/// <summary>Arranges residents' appointments directly (the booking pages are another feature's), through the real slot reservation.</summary>
public static class AdminTestData
{
    public const string Nik = "1308054506900001";
    public const string Kk = "1308050101090007";

    public static async Task<Appointment> BookAsync(this EKtpAppFactory app, string pointCode, DateOnly date, TimeOnly? at = null,
        string nik = Nik, AppointmentStatus status = AppointmentStatus.Booked)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        var slot = await db.Slots.Where(s => s.ServicePoint!.Code == pointCode && s.Date == date && !s.IsClosed
                && (at == null || s.StartsAt == Wib.At(date, at.Value)))
            .OrderBy(s => s.StartsAt).FirstAsync();
        Assert.True(await db.TryReserveAsync(slot.Id, app.Clock.GetUtcNow()));
        var appointment = new Appointment
        {
            Code = BookingCode.New(), SlotId = slot.Id, ServicePointId = slot.ServicePointId, Service = ServiceType.NewRecording,
            Status = status, NikHash = protector.Hash(nik), NikCipher = protector.Encrypt(nik), KkCipher = protector.Encrypt(Kk),
            FullName = "Siti Rahmawati", BirthDate = new DateOnly(1990, 6, 5), Phone = "081234567890", Email = "siti@example.id",
            VillageCode = "13.08.05.2001", IdempotencyKey = Guid.NewGuid(), CreatedAt = app.Clock.GetUtcNow(),
        };
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync();
        return appointment;
    }

    public static async Task<PageClient> SignedInAdminAsync(this EKtpAppFactory app, PageClient client)
    {
        var admin = await app.CreateAsync(Roles.Admin);
        await client.SignInAsync(admin);
        return client;
    }

    public static Task<List<Slot>> OpenSlotsAsync(this EKtpAppFactory app, string pointCode, DateOnly date) => app.WithDbAsync(db =>
        db.Slots.AsNoTracking().Where(s => s.ServicePoint!.Code == pointCode && s.Date == date && !s.IsClosed).OrderBy(s => s.StartsAt).ToListAsync());

    public static Task<List<string>> AuditActionsAsync(this EKtpAppFactory app) =>
        app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.At).Select(a => a.Action).ToListAsync());
}
