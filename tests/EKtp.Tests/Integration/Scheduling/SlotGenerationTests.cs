using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Scheduling;

[Collection(PlatformDatabaseCollection.Name)]
public class SlotGenerationTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    private async Task<SlotGenerationResult> GenerateAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SlotGenerator>().GenerateAsync();
    }

    private Task<List<Slot>> SlotsAsync(string pointCode, DateOnly date) => App.WithDbAsync(db =>
        db.Slots.AsNoTracking().Where(s => s.ServicePoint!.Code == pointCode && s.Date == date && !s.IsClosed).OrderBy(s => s.StartsAt).ToListAsync());

    [Fact]
    public async Task Slots_follow_the_weekly_schedule()
    {
        var monday = await SlotsAsync("dpks", Monday);
        // 07:30–12:00 and 13:00–16:00 in 30-minute slots.
        Assert.Equal(9 + 6, monday.Count);
        Assert.Equal(Wib.At(Monday, new TimeOnly(7, 30)), monday[0].StartsAt);
        Assert.Equal(Wib.At(Monday, new TimeOnly(16, 0)), monday[^1].EndsAt);
        Assert.All(monday, s => Assert.Equal(6, s.Capacity));

        var friday = await SlotsAsync("kec-rao", Monday.AddDays(4));
        Assert.Equal(8 + 7, friday.Count);
        Assert.Empty(await SlotsAsync("dpks", Monday.AddDays(5)));
        Assert.Empty(await SlotsAsync("dpks", Monday.AddDays(6)));
    }

    [Fact]
    public async Task Slots_reach_thirty_days_ahead_and_no_further()
    {
        var last = await App.WithDbAsync(db => db.Slots.MaxAsync(s => s.Date));
        Assert.True(last <= Monday.AddDays(30));
        Assert.True(last >= Monday.AddDays(28));
    }

    [Fact]
    public async Task Generation_is_idempotent()
    {
        var before = await App.WithDbAsync(db => db.Slots.CountAsync());
        var again = await GenerateAsync();
        Assert.Equal(0, again.Created);
        Assert.Equal(before, await App.WithDbAsync(db => db.Slots.CountAsync()));
    }

    [Fact]
    public async Task A_holiday_added_later_closes_the_empty_slots_of_its_day_but_not_booked_ones()
    {
        var wednesday = Monday.AddDays(2);
        var slots = await SlotsAsync("dpks", wednesday);
        await App.WithDbAsync(async db =>
        {
            await db.Slots.Where(s => s.Id == slots[0].Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, 1));
            db.Holidays.Add(new Holiday { Date = wednesday, Name = "Hari libur uji" });
            await db.SaveChangesAsync();
        });

        var result = await GenerateAsync();

        var open = await SlotsAsync("dpks", wednesday);
        Assert.Equal([slots[0].Id], open.Select(s => s.Id));
        Assert.True(result.Closed > 0);
        Assert.Empty(await SlotsAsync("kec-rao", wednesday));
    }

    [Fact]
    public async Task A_closure_removes_only_its_own_point_and_reopens_when_lifted()
    {
        var tuesday = Monday.AddDays(1);
        var rao = await App.WithDbAsync(db => db.ServicePoints.SingleAsync(p => p.Code == "kec-rao"));
        await App.WithDbAsync(async db =>
        {
            db.Closures.Add(new ServicePointClosure { ServicePointId = rao.Id, From = tuesday, To = tuesday.AddDays(1), Reason = "Renovasi" });
            await db.SaveChangesAsync();
        });
        await GenerateAsync();
        Assert.Empty(await SlotsAsync("kec-rao", tuesday));
        Assert.Empty(await SlotsAsync("kec-rao", tuesday.AddDays(1)));
        Assert.NotEmpty(await SlotsAsync("kec-rao", tuesday.AddDays(2)));
        Assert.NotEmpty(await SlotsAsync("kec-bonjol", tuesday));

        await App.WithDbAsync(db => db.Closures.ExecuteDeleteAsync());
        var result = await GenerateAsync();
        Assert.Equal(15, (await SlotsAsync("kec-rao", tuesday)).Count);
        Assert.Equal(30, result.Reopened);
    }

    [Fact]
    public async Task A_mobile_unit_has_slots_only_at_its_planned_stops()
    {
        var unit = await App.WithDbAsync(db => db.ServicePoints.SingleAsync(p => p.Code == "mobil-1"));
        Assert.Empty(await App.WithDbAsync(db => db.Slots.Where(s => s.ServicePointId == unit.Id).ToListAsync()));
        await App.WithDbAsync(async db =>
        {
            db.MobileStops.Add(new MobileStop
            {
                ServicePointId = unit.Id, Date = Monday.AddDays(3), VillageCode = "13.08.15.2001", Place = "Kantor Wali Nagari Silayang",
                Start = new(9, 0), End = new(12, 0), SlotMinutes = 60, CapacityPerSlot = 10,
            });
            await db.SaveChangesAsync();
        });
        await GenerateAsync();
        var slots = await SlotsAsync("mobil-1", Monday.AddDays(3));
        Assert.Equal(3, slots.Count);
        Assert.All(slots, s => Assert.NotNull(s.MobileStopId));
    }

    [Fact]
    public async Task The_database_refuses_a_slot_booked_beyond_capacity()
    {
        var slot = (await SlotsAsync("dpks", Monday))[0];
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => App.WithDbAsync(db =>
            db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity + 1))));
        Assert.Equal("ck_slots_booked_within_capacity", error.ConstraintName);
    }
}
