using System.Text.Json;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Disruptions;
using EKtp.Web.Features.ServiceStatus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.ServiceStatus;

/// <summary>
/// The queue page and the board read one point's status (decision 1225): every query is narrowed to that point, and the
/// answer is the one the whole regency's read gives for it.
/// </summary>
public class OnePointStatusTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly string[] Codes = ["kec-rao", "kec-panti", "dpks", "mobil-1", "mobil-2"];

    private Task<IReadOnlyList<PointStatus>> ReadAsync(string? point) =>
        App.InScopeAsync(sp => sp.GetRequiredService<ServiceStatusReader>().ReadAsync(default, point));

    /// <summary>What a page shows of a point, by value (entities by id).</summary>
    private static string Shape(PointStatus s) => JsonSerializer.Serialize(new
    {
        s.Point.Code, s.State, s.ClosedReason, s.HolidayName, Disruption = s.Disruption?.Id, Upcoming = s.Upcoming?.Id, s.ClosureReason,
        StopsToday = s.StopsToday.Select(x => x.Id), StopsTomorrow = s.StopsTomorrow.Select(x => x.Id), s.OpensAt, s.ClosesAt,
        Tomorrow = s.Tomorrow is { } t ? new { t.Date, t.ClosedReason, t.HolidayName, t.ClosureReason, Planned = t.Planned?.Id, t.OpensAt, t.ClosesAt } : null,
        s.WorkingOffline, s.BlankStock, s.CanPrintNow,
    });

    [Fact]
    public async Task A_points_status_read_alone_is_the_one_the_whole_regencys_read_gives_for_it()
    {
        await TomorrowSeeds.PlanTomorrowAsync(App);
        await App.WithDbAsync(async db =>
        {
            var ids = await db.ServicePoints.Where(p => Codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Id);
            var now = App.Clock.GetUtcNow();
            var today = App.Clock.Today();
            // Something of every kind at other points than the one read, and at it: a disruption running now, extra
            // (Lebaran) sessions today and tomorrow, a closure today, a stop today, a field node silent for a while, stock.
            db.Disruptions.Add(new Disruption { ServicePointId = ids["dpks"], Kind = DisruptionKind.Power, StartsAt = now.AddMinutes(-20), DeclaredById = Guid.NewGuid() });
            db.Disruptions.Add(new Disruption
            {
                ServicePointId = ids["kec-rao"], Kind = DisruptionKind.Network, StartsAt = now.AddHours(3), ExpectedEndAt = now.AddHours(4), DeclaredById = Guid.NewGuid(),
            });
            foreach (var (code, date, start, end) in new[] { ("kec-rao", today, 16, 19), ("dpks", today.AddDays(1), 6, 17), ("kec-panti", today, 17, 20) })
                db.ExtraSessions.Add(new ExtraSession
                {
                    ServicePointId = ids[code], Date = date, Start = new(start, 0), End = new(end, 0), BatchId = Guid.NewGuid(), Note = "Lebaran",
                    CreatedAt = now, CreatedById = Guid.NewGuid(),
                });
            db.Closures.Add(new ServicePointClosure { ServicePointId = ids["mobil-2"], From = today, To = today, Reason = "Kendaraan diservis" });
            db.MobileStops.Add(new MobileStop
            {
                ServicePointId = ids["mobil-1"], Date = today, VillageCode = "13.08.05.2002", Place = "Balai Nagari", Start = new(9, 0), End = new(13, 0),
            });
            db.FieldNodes.Add(new FieldNode { NodeId = Guid.NewGuid(), PointCode = "kec-panti", FirstContactAt = now.AddDays(-2), LastContactAt = now.AddMinutes(-30) });
            db.FieldNodes.Add(new FieldNode { NodeId = Guid.NewGuid(), PointCode = "kec-rao", FirstContactAt = now.AddDays(-2), LastContactAt = now });
            db.BlankStock.Add(new BlankStockEntry { ServicePointId = ids["dpks"], Kind = BlankStockKind.Received, Quantity = 300, At = now.AddDays(-3), ById = Guid.NewGuid() });
            db.BlankStock.Add(new BlankStockEntry { ServicePointId = ids["dpks"], Kind = BlankStockKind.Spoiled, Quantity = 14, At = now.AddDays(-1), ById = Guid.NewGuid() });
            return await db.SaveChangesAsync();
        });

        var all = await ReadAsync(null);

        foreach (var code in Codes)
            Assert.Equal(Shape(all.Single(p => p.Point.Code == code)), Shape(Assert.Single(await ReadAsync(code))));
        // The seeds are seen (so the comparison compares something).
        var rao = all.Single(p => p.Point.Code == "kec-rao");
        Assert.Equal((new TimeOnly(19, 0), true, false), (rao.ClosesAt!.Value, rao.Upcoming is not null, rao.WorkingOffline));
        Assert.True(all.Single(p => p.Point.Code == "kec-panti").WorkingOffline);
        Assert.Equal(PointState.Disrupted, all.Single(p => p.Point.Code == "dpks").State);
        Assert.Equal(286, all.Single(p => p.Point.Code == "dpks").BlankStock!.Balance);
        Assert.Equal(new TimeOnly(6, 0), all.Single(p => p.Point.Code == "dpks").Tomorrow!.OpensAt);
        Assert.Empty(await ReadAsync("kec-tidak-ada"));
    }
}
