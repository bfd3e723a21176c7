using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Disruptions;

/// <summary>Appointments written straight into the database (the booking pages are another feature's).</summary>
public static class AppointmentSeeds
{
    public static readonly DateOnly Monday = new(2027, 3, 1);
    private static int _serial;

    /// <summary>A valid NIK, different on each call (a woman born 5 June 1990 in Lubuk Sikaping, serial n).</summary>
    public static string NewNik() => $"130805450690{Interlocked.Increment(ref _serial) % 9000 + 1:0000}";

    public static async Task<Appointment> BookAsync(this EKtpAppFactory app, string pointCode, DateOnly date, TimeOnly start,
        string? nik = null, string phone = "+6281234567890", AppointmentStatus status = AppointmentStatus.Booked)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        var at = Wib.At(date, start);
        var slot = await db.Slots.SingleAsync(s => s.ServicePoint!.Code == pointCode && s.StartsAt == at);
        return await BookSlotAsync(db, protector, app.Clock.GetUtcNow(), slot, nik ?? NewNik(), phone, status);
    }

    public static async Task<Appointment> BookSlotAsync(EKtpDbContext db, PersonalDataProtector protector, DateTimeOffset now, Slot slot,
        string nik, string phone = "+6281234567890", AppointmentStatus status = AppointmentStatus.Booked)
    {
        if (status != AppointmentStatus.Cancelled)
            Assert.True(await db.TryReserveAsync(slot.Id, now), "the slot has room");
        var appointment = new Appointment
        {
            Code = BookingCode.New(), SlotId = slot.Id, ServicePointId = slot.ServicePointId, Service = ServiceType.NewRecording,
            Status = status, NikHash = protector.Hash(nik), NikCipher = protector.Encrypt(nik), KkCipher = protector.Encrypt("1308050101900001"),
            FullName = "Siti Rahmawati", BirthDate = new DateOnly(1990, 6, 5), Phone = phone, VillageCode = "13.08.05.2001",
            IdempotencyKey = Guid.NewGuid(), CreatedAt = now,
        };
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync();
        return appointment;
    }

    public static Task<Appointment> ReloadAsync(this EKtpAppFactory app, Guid id) =>
        app.WithDbAsync(db => db.Appointments.AsNoTracking().Include(a => a.Slot).SingleAsync(a => a.Id == id));
}
