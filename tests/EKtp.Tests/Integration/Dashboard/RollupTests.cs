using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static EKtp.Tests.Integration.Dashboard.DashboardFixture;

namespace EKtp.Tests.Integration.Dashboard;

[Collection(StaffDatabaseCollection.Name)]
public class RollupTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly string?[] Villages = ["13.08.04.2001", "13.08.04.2002", "13.08.05.2002", "13.08.07.2001", null];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Incremental_refreshes_after_random_events_equal_a_full_rebuild(int seed)
    {
        var random = new Random(seed);
        var points = await App.WithDbAsync(db => db.ServicePoints.Select(p => p.Id).ToListAsync());
        var slots = await App.WithDbAsync(db => db.Slots.Where(s => s.Date <= new DateOnly(2027, 3, 20)).Select(s => new { s.Id, s.ServicePointId }).ToListAsync());
        await App.AddAsync(Target("13.08.04", 1000, 600, new(2027, 1, 31)), Target("13.08.05.2002", 300, 100, new(2026, 12, 31)));
        var cards = new List<Guid>();
        var appointments = new List<Guid>();

        // Time moves on through the events (the shared test clock stays put: it cannot be turned back for the next test).
        var now = App.Clock.GetUtcNow();
        for (var step = 0; step < 120; step++)
        {
            now = now.AddMinutes(random.Next(1, 90));
            var today = DateOnly.FromDateTime(now.ToWib().DateTime);
            switch (random.Next(7))
            {
                case 0 or 1:
                    // A recording: today, or late from an office that was offline (up to 40 days back).
                    var day = random.Next(4) == 0 ? today.AddDays(-random.Next(1, 40)) : today;
                    var recording = Recording(points[random.Next(points.Count)], Villages[random.Next(Villages.Length)], day,
                        random.Next(5) == 0 ? RecordingOutcome.NotRecorded : RecordingOutcome.Recorded,
                        random.Next(4) == 0 ? ServiceType.ReplacementDamaged : ServiceType.NewRecording, random.Next(400));
                    await App.AddAsync(recording);
                    break;
                case 2:
                    var card = new Card
                    {
                        NikHash = Guid.NewGuid().ToByteArray(), VillageCode = Villages[random.Next(Villages.Length)],
                        RecordedAtPointId = points[random.Next(points.Count)], CreatedAt = now.AddDays(-random.Next(0, 20)), UpdatedAt = now,
                    };
                    await App.AddAsync(card);
                    cards.Add(card.Id);
                    break;
                case 3 when cards.Count > 0:
                    var cardId = cards[random.Next(cards.Count)];
                    var status = (CardStatus)random.Next(9);
                    await App.WithDbAsync(db => db.Cards.Where(c => c.Id == cardId)
                        .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, status).SetProperty(c => c.UpdatedAt, now)));
                    break;
                case 4:
                    var slot = slots[random.Next(slots.Count)];
                    var appointment = new Appointment
                    {
                        Code = "PSM-T" + step.ToString("000000"), SlotId = slot.Id, ServicePointId = slot.ServicePointId, VillageCode = "13.08.04.2001",
                        NikHash = Guid.NewGuid().ToByteArray(), IdempotencyKey = Guid.NewGuid(), CreatedAt = now,
                    };
                    await App.AddAsync(appointment);
                    appointments.Add(appointment.Id);
                    break;
                case 5 when appointments.Count > 0:
                    var id = appointments[random.Next(appointments.Count)];
                    var next = (AppointmentStatus)random.Next(6);
                    await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == id).ExecuteUpdateAsync(u => u
                        .SetProperty(a => a.Status, next)
                        .SetProperty(a => a.CancelledAt, a => next == AppointmentStatus.Cancelled ? now : a.CancelledAt)));
                    break;
                default:
                    await App.AddAsync(new BlankStockEntry
                    {
                        ServicePointId = points[random.Next(points.Count)], Kind = (BlankStockKind)random.Next(3),
                        Quantity = random.Next(1, 50), At = now, ById = Guid.CreateVersion7(),
                    });
                    break;
            }
            if (random.Next(6) == 0) await App.RefreshRollupsAsync();
        }
        await App.RefreshRollupsAsync();
        var incremental = await SnapshotAsync();

        await App.RebuildRollupsAsync();
        var rebuilt = await SnapshotAsync();

        Assert.NotEmpty(incremental["recordings"]);
        Assert.NotEmpty(incremental["cards"]);
        foreach (var (table, rows) in rebuilt) Assert.Equal(rows, incremental[table]);
    }

    private Task<Dictionary<string, List<string>>> SnapshotAsync() => App.WithDbAsync(async db => new Dictionary<string, List<string>>
    {
        ["recordings"] = (await db.RecordingRollups.ToListAsync()).Where(r => r.Recorded + r.NotRecorded > 0)
            .Select(r => $"{r.Day} {r.VillageCode} {r.ServicePointId} {r.NewRecorded} {r.Recorded} {r.NotRecorded}").Order().ToList(),
        ["cards"] = (await db.CardRollups.ToListAsync()).Select(r => $"{r.Day} {r.VillageCode} {r.ServicePointId} {r.Status} {r.Cards}").Order().ToList(),
        ["card-status"] = (await db.CardStatusCounts.ToListAsync()).Select(r => $"{r.VillageCode} {r.ServicePointId} {r.Status} {r.Cards}").Order().ToList(),
        ["bookings"] = (await db.BookingRollups.ToListAsync()).Select(r => $"{r.Day} {r.ServicePointId} {r.Booked} {r.Shown} {r.NoShow} {r.Cancelled}").Order().ToList(),
        ["blank-stock"] = (await db.BlankStockRollups.ToListAsync()).Select(r => $"{r.Day} {r.ServicePointId} {r.Received} {r.Used} {r.Spoiled}").Order().ToList(),
        ["coverage"] = (await db.CoverageRollups.ToListAsync()).Select(r => $"{r.RegionCode} {r.AsOf} {r.WajibKtp} {r.RecordedBefore} {r.RecordedSince}").Order().ToList(),
    });
}
