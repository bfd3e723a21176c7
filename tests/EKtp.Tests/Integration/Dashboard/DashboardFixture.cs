using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Dashboard;

/// <summary>Raw rows for dashboard tests, written straight to the tables as the other features would.</summary>
public static class DashboardFixture
{
    public static async Task<Guid> PointIdAsync(this EKtpAppFactory app, string code) =>
        await app.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == code).Select(p => p.Id).SingleAsync());

    public static Recording Recording(Guid pointId, string? village, DateOnly day, RecordingOutcome outcome = RecordingOutcome.Recorded,
        ServiceType service = ServiceType.NewRecording, int minute = 0) => new()
    {
        ServicePointId = pointId, VillageCode = village, Service = service, Outcome = outcome,
        Reason = outcome == RecordingOutcome.NotRecorded ? NotRecordedReason.NetworkDown : null,
        RecordedAt = Wib.At(day, new TimeOnly(9, 0).AddMinutes(minute)), RecordedById = Guid.CreateVersion7(),
        NikHash = Guid.NewGuid().ToByteArray(), NikCipher = [1],
    };

    public static PopulationTarget Target(string region, int wajib, int before, DateOnly asOf) =>
        new() { RegionCode = region, WajibKtp = wajib, RecordedBefore = before, AsOf = asOf };

    public static async Task RefreshRollupsAsync(this EKtpAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RollupJob>().RefreshAsync();
    }

    public static async Task RebuildRollupsAsync(this EKtpAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RollupJob>().RebuildAsync();
    }

    public static async Task AddAsync(this EKtpAppFactory app, params object[] rows) => await app.WithDbAsync(async db =>
    {
        db.AddRange(rows);
        await db.SaveChangesAsync();
    });

    /// <summary>The cells of a table on the page, header cell first, by row.</summary>
    public static List<string[]> TableRows(this PageResult page, string id) =>
        page.Document.QuerySelectorAll($"#{id} tbody tr")
            .Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
}
