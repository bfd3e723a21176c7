using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Staff;

/// <summary>
/// Rows the staff area works on, written straight to the database (the booking pages are another feature's): a
/// booked appointment in one of today's generated slots, a card at a given status, a point's walk-in quota.
/// </summary>
public static class StaffTestData
{
    public const string Village = "13.08.05.2001";
    private static int _serial;

    /// <summary>A valid, unique NIK (a woman born 1 January 1990, registered in Lubuk Sikaping).</summary>
    public static string NewNik() => $"1308054101{90:00}{Interlocked.Increment(ref _serial) % 9999 + 1:0000}";

    public static async Task<Appointment> BookAsync(this EKtpAppFactory app, string pointCode, int slotIndex = 0, string? nik = null,
        string phone = "+6281234567890", DateOnly? date = null, string fullName = "Siti Rahmah Nasution")
    {
        var protector = app.Get<PersonalDataProtector>();
        nik ??= NewNik();
        return await app.WithDbAsync(async db =>
        {
            var point = await db.ServicePoints.SingleAsync(p => p.Code == pointCode);
            var day = date ?? app.Clock.Today();
            var slot = await db.Slots.Where(s => s.ServicePointId == point.Id && s.Date == day && !s.IsClosed)
                .OrderBy(s => s.StartsAt).Skip(slotIndex).FirstAsync();
            slot.Booked++;
            var appointment = new Appointment
            {
                Code = BookingCode.New(), SlotId = slot.Id, ServicePointId = point.Id, Service = ServiceType.NewRecording,
                NikHash = protector.Hash(nik), NikCipher = protector.Encrypt(nik), KkCipher = protector.Encrypt("1308051201100042"),
                FullName = fullName, BirthDate = new DateOnly(1990, 1, 1), Phone = phone, VillageCode = Village,
                IdempotencyKey = Guid.NewGuid(), CreatedAt = app.Clock.GetUtcNow(),
            };
            db.Appointments.Add(appointment);
            await db.SaveChangesAsync();
            appointment.Slot = slot;
            return appointment;
        });
    }

    public static async Task<Card> CardAtAsync(this EKtpAppFactory app, CardStatus status, string? nik = null, string pointCode = "dpks",
        DateOnly? printableFrom = null)
    {
        var protector = app.Get<PersonalDataProtector>();
        nik ??= NewNik();
        return await app.WithDbAsync(async db =>
        {
            var point = await db.ServicePoints.SingleAsync(p => p.Code == pointCode);
            var now = app.Clock.GetUtcNow();
            var card = new Card
            {
                NikHash = protector.Hash(nik), NikCipher = protector.Encrypt(nik), VillageCode = Village, Status = status,
                RecordedAtPointId = point.Id, CreatedAt = now, UpdatedAt = now, PrintableFrom = printableFrom,
            };
            db.Cards.Add(card);
            await db.SaveChangesAsync();
            return card;
        });
    }

    public static Task<Guid> PointIdAsync(this EKtpAppFactory app, string code) =>
        app.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == code).Select(p => p.Id).SingleAsync());

    /// <summary>Service points are reference data that survive the reset between tests: put a changed quota back.</summary>
    public static async Task<IAsyncDisposable> WalkInQuotaAsync(this EKtpAppFactory app, string code, int quota)
    {
        var before = await app.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == code).Select(p => p.WalkInDailyQuota).SingleAsync());
        await app.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == code).ExecuteUpdateAsync(u => u.SetProperty(p => p.WalkInDailyQuota, quota)));
        return new Restore(() => app.WithDbAsync(db =>
            db.ServicePoints.Where(p => p.Code == code).ExecuteUpdateAsync(u => u.SetProperty(p => p.WalkInDailyQuota, before))));
    }

    /// <summary>Runs work in a scope of its own, as a separate request would.</summary>
    public static async Task<T> InScopeAsync<T>(this EKtpAppFactory app, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private sealed class Restore(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }
}
