using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Disruptions;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Integration.Disruptions;

public class RebookingTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task<Disruption> DeclareAsync(string pointCode, DisruptionKind kind, string? startsAt, string? expectedEnd)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var pointId = await db.ServicePoints.Where(p => p.Code == pointCode).Select(p => p.Id).SingleAsync();
        return (await scope.ServiceProvider.GetRequiredService<DeclareDisruption>().HandleAsync(new DeclareDisruptionInput
        {
            Kind = kind, StartsNow = startsAt is null, StartsAt = startsAt, ExpectedEndAt = expectedEnd,
        }, pointId, Guid.NewGuid())).Disruption;
    }

    private Task<Slot> SlotAsync(string pointCode, DateOnly date, TimeOnly start) => App.WithDbAsync(db =>
        db.Slots.AsNoTracking().SingleAsync(s => s.ServicePoint!.Code == pointCode && s.StartsAt == Wib.At(date, start)));

    private async Task<PageResult> LookUpAsync(PageClient client, string code, string nik)
    {
        var page = await client.GetAsync("/service-status/my-appointment");
        var response = await client.SubmitAsync(page, "#my-appointment", new Dictionary<string, string> { ["Code"] = code, ["Nik"] = nik });
        return await PageClient.ReadAsync(response);
    }

    [Fact]
    public async Task A_resident_rebooks_in_one_click_to_the_next_free_slot_after_the_disruption_and_capacity_holds()
    {
        var nik = NewNik();
        var mine = await App.BookAsync("kec-rao", Monday, new(9, 0), nik);
        // The first slot after the disruption is full (capacity 3 at a kecamatan office).
        for (var i = 0; i < 3; i++) await App.BookAsync("kec-rao", Monday, new(10, 0));
        await DeclareAsync("kec-rao", DisruptionKind.Network, "2027-03-01T09:00", "2027-03-01T10:00");

        using var client = NewClient();
        var found = await LookUpAsync(client, mine.Code.ToLowerInvariant(), nik);
        var notice = found.Document.QuerySelector(".affected-appointment");
        Assert.NotNull(notice);
        Assert.Contains("Jaringan terputus", notice.TextContent);
        var samePoint = found.Document.QuerySelector("button[data-option='SamePoint']")!;
        Assert.Contains("10.30", samePoint.TextContent);
        Assert.Contains("Kantor Camat Rao", samePoint.TextContent);
        Assert.DoesNotContain(nik, found.Response.RequestMessage!.RequestUri!.ToString());
        Assert.Contains("no-store", found.Response.Headers.CacheControl?.ToString());

        var moved = await client.SubmitAsync(found, "form.rebook-form:has(button[data-option='SamePoint'])");
        AssertRedirect(moved, "/service-status/my-appointment");
        var flash = await client.FollowAsync(moved);
        Assert.Contains($"Janji {mine.Code} dipindahkan", flash.Text);

        var after = await App.ReloadAsync(mine.Id);
        Assert.Equal(Wib.At(Monday, new(10, 30)), after.Slot!.StartsAt);
        Assert.Null(after.AffectedByDisruptionId);
        Assert.Equal(0, (await SlotAsync("kec-rao", Monday, new(9, 0))).Booked);
        Assert.Equal(3, (await SlotAsync("kec-rao", Monday, new(10, 0))).Booked);
        Assert.Equal(1, (await SlotAsync("kec-rao", Monday, new(10, 30))).Booked);
        Assert.Single(await App.WithDbAsync(db => db.Outbox.Where(m => m.Kind == NotificationKinds.BookingConfirmed).ToListAsync()));

        // The same click again moves nothing.
        var again = await client.SubmitAsync(found, "form.rebook-form:has(button[data-option='SamePoint'])");
        Assert.Contains("sudah dipindahkan", (await client.FollowAsync(again)).Text);
        Assert.Equal(after.SlotId, (await App.ReloadAsync(mine.Id)).SlotId);
    }

    [Fact]
    public async Task A_wrong_NIK_finds_nothing_and_moves_nothing()
    {
        var mine = await App.BookAsync("kec-rao", Monday, new(9, 0));
        await DeclareAsync("kec-rao", DisruptionKind.Power, null, null);
        using var client = NewClient();
        var found = await LookUpAsync(client, mine.Code, NewNik());
        Assert.Equal("Kode janji temu dan NIK tidak cocok dengan janji mana pun. Periksa keduanya.",
            found.Document.QuerySelector("#lookup-problem")?.TextContent);
        Assert.Null(found.Document.QuerySelector(".affected-appointment"));

        var response = await client.PostAsync("/service-status/rebook", found, new Dictionary<string, string>
        {
            ["Code"] = mine.Code, ["Nik"] = NewNik(), ["Option"] = "Nearest",
        });
        Assert.Contains("tidak cocok", (await client.FollowAsync(response)).Text);
        Assert.Equal(mine.SlotId, (await App.ReloadAsync(mine.Id)).SlotId);
    }

    [Fact]
    public async Task The_nearest_working_point_is_a_stop_in_the_same_kecamatan_first_then_the_DPKS_office()
    {
        var nik = NewNik();
        var mine = await App.BookAsync("kec-rao", Monday, new(13, 0), nik);
        await DeclareAsync("kec-rao", DisruptionKind.Equipment, null, null);
        using var scope = App.Services.CreateScope();
        var rebook = scope.ServiceProvider.GetRequiredService<RebookAffectedAppointment>();

        var appointment = (await scope.ServiceProvider.GetRequiredService<AppointmentLookup>().FindAsync(new LookupInput { Code = mine.Code, Nik = nik })).Appointment!;
        var view = (await rebook.DescribeAsync(appointment, nik))!;
        Assert.Equal("Kantor Dinas Kependudukan dan Pencatatan Sipil", view.Nearest!.PointName);
        Assert.Equal(Wib.At(Monday, new(8, 30)), view.Nearest.StartsAt);
        // Open-ended: the same point is offered from tomorrow.
        Assert.Equal(Wib.At(Monday.AddDays(1), new(7, 30)), view.SamePoint!.StartsAt);

        await App.WithDbAsync(async db =>
        {
            var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
            db.MobileStops.Add(new MobileStop
            {
                ServicePointId = unit.Id, Date = Monday.AddDays(2), VillageCode = "13.08.14.2005", Place = "Kantor Wali Nagari Padang Mantinggi",
                Start = new(8, 0), End = new(12, 0),
            });
            await db.SaveChangesAsync();
        });
        await App.Get<IServiceScopeFactory>().CreateScope().ServiceProvider.GetRequiredService<SlotGenerator>().GenerateAsync();

        using var fresh = App.Services.CreateScope();
        var again = fresh.ServiceProvider.GetRequiredService<RebookAffectedAppointment>();
        var result = await again.HandleAsync(new RebookInput { Code = mine.Code, Nik = nik, Option = RebookOption.Nearest });
        Assert.Equal(RebookOutcome.Moved, result.Outcome);
        Assert.Equal("Kantor Wali Nagari Padang Mantinggi", result.To!.Place);
        var moved = await App.ReloadAsync(mine.Id);
        Assert.Equal("mobil-1", await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == moved.ServicePointId).Select(p => p.Code).SingleAsync()));
        Assert.Equal(Wib.At(Monday.AddDays(2), new(8, 0)), moved.Slot!.StartsAt);
    }

    [Fact]
    public async Task A_cancelled_mobile_stop_does_not_block_offers_of_its_unit_at_another_nagari_in_the_same_hours()
    {
        var nik = NewNik();
        var mine = await App.BookAsync("kec-rao", Monday, new(13, 0), nik);
        await DeclareAsync("kec-rao", DisruptionKind.Equipment, null, null);
        var day = Monday.AddDays(2);
        await App.WithDbAsync(async db =>
        {
            var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
            // The unit's visit to Padang Mantinggi was cancelled (an administrative record over its hours), and the
            // unit goes to Taruang Taruang instead, at the same hours.
            db.MobileStops.Add(new MobileStop
            {
                ServicePointId = unit.Id, Date = day, VillageCode = "13.08.14.2005", Place = "Kantor Wali Nagari Padang Mantinggi",
                Start = new(8, 0), End = new(12, 0), Status = MobileStopStatus.Cancelled,
            });
            db.Disruptions.Add(new Disruption
            {
                ServicePointId = unit.Id, Kind = DisruptionKind.MobileStopCancelled, StartsAt = Wib.At(day, new(8, 0)),
                ExpectedEndAt = Wib.At(day, new(12, 0)), PublicNote = "Jalan putus", DeclaredById = Guid.NewGuid(),
            });
            db.MobileStops.Add(new MobileStop
            {
                ServicePointId = unit.Id, Date = day, VillageCode = "13.08.14.2002", Place = "Kantor Wali Nagari Taruang Taruang",
                Start = new(8, 0), End = new(12, 0),
            });
            await db.SaveChangesAsync();
        });
        await App.Get<IServiceScopeFactory>().CreateScope().ServiceProvider.GetRequiredService<SlotGenerator>().GenerateAsync();

        using var scope = App.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<RebookAffectedAppointment>()
            .HandleAsync(new RebookInput { Code = mine.Code, Nik = nik, Option = RebookOption.Nearest });

        Assert.Equal(RebookOutcome.Moved, result.Outcome);
        Assert.Equal("Kantor Wali Nagari Taruang Taruang", result.To!.Place);
        Assert.Equal(Wib.At(day, new(8, 0)), result.To.StartsAt);
    }

    [Fact]
    public async Task Two_rebooks_of_one_appointment_at_the_same_moment_move_it_once()
    {
        var nik = NewNik();
        var mine = await App.BookAsync("kec-rao", Monday, new(9, 0), nik);
        await DeclareAsync("kec-rao", DisruptionKind.Network, "2027-03-01T09:00", "2027-03-01T10:00");

        async Task<RebookResult> RebookAsync(RebookOption option)
        {
            using var scope = App.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<RebookAffectedAppointment>()
                .HandleAsync(new RebookInput { Code = mine.Code, Nik = nik, Option = option });
        }
        var results = await Task.WhenAll(RebookAsync(RebookOption.SamePoint), RebookAsync(RebookOption.Nearest));

        Assert.Single(results, r => r.Outcome == RebookOutcome.Moved);
        var booked = await App.WithDbAsync(db => db.Slots.Where(s => s.Booked > 0).Select(s => new { s.Id, s.Booked }).ToListAsync());
        var after = await App.ReloadAsync(mine.Id);
        Assert.Equal(after.SlotId, Assert.Single(booked).Id);
        Assert.Equal(1, booked[0].Booked);
    }
}
