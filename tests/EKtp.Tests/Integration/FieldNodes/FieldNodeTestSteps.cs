using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

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
}
