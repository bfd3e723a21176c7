using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Disruptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.ServiceStatus;

/// <summary>What an Admin or an office declares for tomorrow (Tuesday 2 March 2027; the clock is Monday 08:00 WIB).</summary>
public static class TomorrowSeeds
{
    public static readonly DateOnly Tomorrow = new(2027, 3, 2);
    public const string NetworkNote = "Perbaikan jaringan Telkom";
    public const string ClosureReason = "Renovasi kantor";
    public const string StopPlace = "Balai Nagari Jambak";

    /// <summary>A network disruption at Rao tomorrow 08:00–12:00, Panti closed tomorrow, mobil-1 at Jambak tomorrow.</summary>
    public static async Task PlanTomorrowAsync(EKtpAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var ids = await db.ServicePoints.Where(p => p.Code == "kec-rao" || p.Code == "kec-panti" || p.Code == "mobil-1")
            .ToDictionaryAsync(p => p.Code, p => p.Id);
        await scope.ServiceProvider.GetRequiredService<DeclareDisruption>().HandleAsync(new DeclareDisruptionInput
        {
            Kind = DisruptionKind.Network, StartsNow = false, StartsAt = "2027-03-02T08:00", ExpectedEndAt = "2027-03-02T12:00",
            PublicNote = NetworkNote,
        }, ids["kec-rao"], Guid.NewGuid());
        db.Closures.Add(new ServicePointClosure { ServicePointId = ids["kec-panti"], From = Tomorrow, To = Tomorrow.AddDays(2), Reason = ClosureReason });
        db.MobileStops.Add(new MobileStop
        {
            ServicePointId = ids["mobil-1"], Date = Tomorrow, VillageCode = "13.08.05.2002", Place = StopPlace, Start = new(8, 0), End = new(12, 0),
        });
        await db.SaveChangesAsync();
    }
}

public class TodayAndTomorrowTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_disruption_closure_and_stop_planned_for_tomorrow_are_shown_today_on_home_and_service_status()
    {
        await TomorrowSeeds.PlanTomorrowAsync(App);

        foreach (var address in new[] { "/", "/service-status" })
        {
            var page = await NewClient().GetAsync(address);
            var tomorrow = page.Document.QuerySelector("[data-day='tomorrow']")!.TextContent;
            Assert.Contains("Selasa, 2 Maret 2027", tomorrow);
            Assert.Contains("Kantor Camat Rao", tomorrow);
            Assert.Contains("Jaringan terputus, mulai Sel 2 Mar, 08.00, perkiraan selesai Sel 2 Mar, 12.00", tomorrow);
            Assert.Contains(TomorrowSeeds.NetworkNote, tomorrow);
            Assert.Contains($"Kantor Camat Panti: ditutup ({TomorrowSeeds.ClosureReason})", tomorrow);
            Assert.Contains($"Jambak ({TomorrowSeeds.StopPlace}, 08.00–12.00)", tomorrow);
            // Today is not touched by what is planned for tomorrow.
            var today = page.Document.QuerySelector("[data-day='today']")!.TextContent;
            Assert.DoesNotContain("Kantor Camat Rao", today);
            Assert.Contains("Tidak ada gangguan atau penutupan yang diumumkan.", today);
        }

        var status = await NewClient().GetAsync("/service-status");
        var rao = status.Document.QuerySelector("[data-point='kec-rao']")!;
        Assert.Equal("open", rao.GetAttribute("data-state"));
        Assert.Equal("Besok: gangguan terjadwal Jaringan terputus, mulai Sel 2 Mar, 08.00", rao.QuerySelector("[data-tomorrow]")!.TextContent.Trim());
        Assert.Contains(TomorrowSeeds.ClosureReason, status.Document.QuerySelector("[data-point='kec-panti'] [data-tomorrow]")!.TextContent);
        Assert.Null(status.Document.QuerySelector("[data-point='dpks'] [data-tomorrow]"));
        Assert.Contains(TomorrowSeeds.StopPlace, status.Document.QuerySelector("[data-point='mobil-1']")!.TextContent);
    }

    [Fact]
    public async Task A_disruption_running_now_with_no_known_end_is_also_announced_for_tomorrow_and_one_ending_today_is_not()
    {
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            var declare = scope.ServiceProvider.GetRequiredService<DeclareDisruption>();
            var rao = await db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync();
            var dpks = await db.ServicePoints.Where(p => p.Code == "dpks").Select(p => p.Id).SingleAsync();
            await declare.HandleAsync(new DeclareDisruptionInput { Kind = DisruptionKind.Power, StartsNow = true }, rao, Guid.NewGuid());
            await declare.HandleAsync(new DeclareDisruptionInput { Kind = DisruptionKind.Network, StartsNow = true, ExpectedEndAt = "2027-03-01T12:00" },
                dpks, Guid.NewGuid());
        }

        var page = await NewClient().GetAsync("/service-status");
        Assert.Contains("Kantor Camat Rao", page.Document.QuerySelector("[data-day='tomorrow']")!.TextContent);
        Assert.DoesNotContain("Kantor Dinas", page.Document.QuerySelector("[data-day='tomorrow']")!.TextContent);
        Assert.Contains("Kantor Dinas", page.Document.QuerySelector("[data-day='today']")!.TextContent);
    }

    [Fact]
    public async Task A_holiday_tomorrow_is_announced_once_and_a_weekend_says_the_offices_do_not_serve()
    {
        await App.WithDbAsync(db =>
        {
            db.Holidays.Add(new Holiday { Date = TomorrowSeeds.Tomorrow, Name = "Hari Raya Nyepi" });
            return db.SaveChangesAsync();
        });
        var page = await NewClient().GetAsync("/");
        Assert.Contains("Hari libur: Hari Raya Nyepi. Kantor tutup.", page.Document.QuerySelector("[data-day='tomorrow']")!.TextContent);

        App.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 5, 3, 0, 0, TimeSpan.Zero)); // Friday 10:00 WIB
        var friday = await NewClient().GetAsync("/service-status");
        Assert.Contains("Kantor tidak melayani besok.", friday.Document.QuerySelector("[data-day='tomorrow']")!.TextContent);
        Assert.Empty(friday.Document.QuerySelectorAll("[data-tomorrow]"));
    }
}
