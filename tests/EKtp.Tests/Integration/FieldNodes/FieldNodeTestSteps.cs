using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EKtp.Tests.Integration.FieldNodes;

public static class FieldNodeTestSteps
{
    /// <summary>Checks a booked resident in, calls them and records the outcome, through the queue's own forms.</summary>
    public static async Task<PageResult> RecordAtCounterAsync(this PageClient client, EKtpAppFactory app, string point, string code)
    {
        var queue = $"/staff/queue/{point}";
        var page = await client.GetAsync(queue);
        await client.FollowAsync(await client.SubmitAsync(page, "#checkin-form", new Dictionary<string, string> { ["Code"] = code }));
        page = await client.GetAsync(queue);
        await client.FollowAsync(await client.SubmitAsync(page, "#call-form"));
        var ticket = await app.WithDbAsync(db => db.QueueTickets.Where(t => t.Status == TicketStatus.Called).SingleAsync());
        var serve = await client.GetAsync($"{queue}/tickets/{ticket.Id}");
        return await client.FollowAsync(await client.SubmitAsync(serve, "#outcome-form", new Dictionary<string, string> { ["Outcome"] = "Recorded" }));
    }

    /// <summary>A recording of the point made at the given moment, still on its way to the district.</summary>
    public static Task<Recording> CapturedRecordingAsync(this EKtpAppFactory app, string point, DateTimeOffset at) =>
        app.WithDbAsync(async db =>
        {
            var pointId = await db.ServicePoints.Where(p => p.Code == point).Select(p => p.Id).SingleAsync();
            var recording = new Recording
            {
                ServicePointId = pointId, Service = ServiceType.NewRecording, Outcome = RecordingOutcome.NotRecorded,
                Reason = NotRecordedReason.NetworkDown, RecordedAt = at, RecordedById = Guid.NewGuid(),
                UploadState = RecordingUpload.Captured, UploadStateAt = at,
            };
            db.Recordings.Add(recording);
            await db.SaveChangesAsync();
            return recording;
        });

    public static Task<string> PointNameAsync(this EKtpAppFactory app, string point) =>
        app.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == point).Select(p => p.Name).SingleAsync());

    /// <summary>Work on one portal's database of a hub-and-node arrangement, in a scope of its own.</summary>
    public static async Task<T> WithDbAsync<T>(this FieldPortal portal, Func<EKtpDbContext, Task<T>> work)
    {
        using var scope = portal.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<EKtpDbContext>());
    }

    /// <summary>A resident of the given NIK books one of the point's open slots of today at the hub.</summary>
    public static Task<Appointment> BookAtHubAsync(this FieldPortal hub, string point, string nik, int slotIndex) => hub.WithDbAsync(async db =>
    {
        var protector = hub.Services.GetRequiredService<PersonalDataProtector>();
        var slot = await db.Slots.Where(s => s.ServicePoint!.Code == point && s.Date == hub.Clock.Today() && !s.IsClosed && s.Booked < s.Capacity)
            .OrderBy(s => s.StartsAt).Skip(slotIndex % 4).FirstAsync();
        slot.Booked++;
        var appointment = new Appointment
        {
            Code = BookingCode.New(), SlotId = slot.Id, ServicePointId = slot.ServicePointId, Service = ServiceType.NewRecording,
            NikHash = protector.Hash(nik), NikCipher = protector.Encrypt(nik), KkCipher = protector.Encrypt("1308051201100042"),
            FullName = "Warga Uji", BirthDate = new DateOnly(1990, 1, 1), Phone = "+6281234567890", VillageCode = "13.08.05.2001",
            IdempotencyKey = Guid.NewGuid(), CreatedAt = hub.Clock.GetUtcNow(),
        };
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync();
        return appointment;
    });

    /// <summary>An operator of the point, made at the hub (it reaches the node by replication).</summary>
    public static async Task<StaffUser> OperatorAtHubAsync(this FieldPortal hub, string point)
    {
        using var scope = hub.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var email = $"operator-{Guid.NewGuid():N}@ektp.test";
        var user = new StaffUser
        {
            UserName = email, Email = email, DisplayName = "Operator Rao", EmailConfirmed = true,
            ServicePointId = await db.ServicePoints.Where(p => p.Code == point).Select(p => p.Id).SingleAsync(),
        };
        Assert.True((await users.CreateAsync(user, StaffAccounts.Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Operator);
        return user;
    }

    /// <summary>One side of a review item as /admin/field-nodes shows it in Indonesian (the phrase with its words).</summary>
    public static string Said(FieldReviewItem item, string side)
    {
        var phrase = ReviewSides.Parse(item.Kind.ToString(), side) ?? throw new InvalidOperationException($"Not a phrase: {side}");
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, phrase[0], phrase.Skip(1).Select(a => (object)a.TrimStart('~')).ToArray());
    }

    /// <summary>Waits for a condition across the two databases; a database still coming back counts as "not yet".</summary>
    public static async Task UntilAsync(string what, Func<Task<bool>> condition, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { /* a database still coming back */ }
            if (DateTime.UtcNow > until) Assert.Fail($"Waited {seconds} s for {what}.");
            await Task.Delay(250);
        }
    }
}
