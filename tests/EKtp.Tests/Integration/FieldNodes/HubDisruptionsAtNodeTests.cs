using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// Decision 1220: what the district declares for a point (a disruption, a closure) reaches the point's field node by
/// the hub → node replication, and the node's staff see it on the queue page, the board and /service-status. A
/// <see cref="HubAndNode"/> on ports 5495 and 5496: the test writes at the hub what the applier would, so the moment
/// between "declared" and "ended" is held still.
/// </summary>
[Collection(FixedPortsCollection.Name)]
public sealed class HubDisruptionsAtNodeTests : IAsyncLifetime
{
    private const string Point = HubAndNode.Point;
    private HubAndNode _pair = null!;

    public async Task InitializeAsync() => _pair = await HubAndNode.StartAsync("disruptions", 5495, 5496);

    [Fact]
    public async Task A_disruption_and_a_closure_declared_at_the_hub_are_shown_at_the_node_and_the_nodes_own_disruption_stays_one_ended_row()
    {
        var op = await _pair.Hub.OperatorAtHubAsync(Point);
        await UntilAsync("the operator at the node", () => AtNode(db => db.Users.AnyAsync(u => u.Id == op.Id)));
        using var staff = new PageClient(_pair.Node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await staff.SignInAsync(op);

        // The node's own disruption, declared and ended at its counter.
        var declared = await staff.PostAsync("/staff/disruptions", await staff.GetAsync("/staff/disruptions"),
            new Dictionary<string, string> { ["Kind"] = nameof(DisruptionKind.Power), ["StartsNow"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        var own = await AtNode(db => db.Disruptions.AsNoTracking().SingleAsync());
        _pair.Clock.Advance(TimeSpan.FromMinutes(5));
        var ended = await staff.PostAsync($"/staff/disruptions/{own.Id}/end", await staff.GetAsync("/staff/disruptions"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);

        // At the hub: the node's declaration as the applier inserts it before it applies the end (same id, no end yet);
        // then the district's own: a central-server disruption and tomorrow's closure of the point, and another point's.
        var pointId = await AtHub(db => db.ServicePoints.Where(p => p.Code == Point).Select(p => p.Id).SingleAsync());
        var otherId = await AtHub(db => db.ServicePoints.Where(p => p.Code == "dpks").Select(p => p.Id).SingleAsync());
        var central = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        await AtHub(async db =>
        {
            db.Disruptions.Add(new Disruption
            {
                Id = own.Id, RegencyCode = own.RegencyCode, ServicePointId = pointId, Kind = own.Kind, StartsAt = own.StartsAt,
                DeclaredById = own.DeclaredById,
            });
            await db.SaveChangesAsync();
            db.Disruptions.Add(new Disruption
            {
                Id = central, RegencyCode = own.RegencyCode, ServicePointId = pointId, Kind = DisruptionKind.CentralServer,
                StartsAt = _pair.Clock.GetUtcNow().AddMinutes(-2), PublicNote = "Server SIAK pusat sedang gangguan", DeclaredById = Guid.NewGuid(),
            });
            db.Disruptions.Add(new Disruption
            {
                Id = other, RegencyCode = own.RegencyCode, ServicePointId = otherId, Kind = DisruptionKind.Network,
                StartsAt = _pair.Clock.GetUtcNow().AddMinutes(-2), DeclaredById = Guid.NewGuid(),
            });
            db.Closures.Add(new ServicePointClosure { ServicePointId = pointId, From = _pair.Clock.Today().AddDays(1), To = _pair.Clock.Today().AddDays(1), Reason = "Rapat kerja kecamatan" });
            return await db.SaveChangesAsync();
        });

        await UntilAsync("the hub's disruption and closure at the node", () => AtNode(async db =>
            await db.Disruptions.AnyAsync(d => d.Id == central) && await db.Closures.AnyAsync()));

        var atNode = await AtNode(db => db.Disruptions.AsNoTracking().OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(new[] { own.Id, central }.Order(), atNode.Select(d => d.Id));
        Assert.NotNull(atNode.Single(d => d.Id == own.Id).EndedAt);
        Assert.Equal(op.Id, atNode.Single(d => d.Id == own.Id).EndedById);

        var queue = await staff.GetAsync($"/staff/queue/{Point}");
        var notice = queue.Document.QuerySelector("[data-point-notice]")?.TextContent ?? "";
        Assert.Contains("Server pusat bermasalah", notice);
        Assert.Contains("Server SIAK pusat sedang gangguan", notice);
        Assert.Contains("Rapat kerja kecamatan", notice);
        Assert.DoesNotContain("Listrik padam", notice);
        var board = await staff.GetAsync($"/display/{Point}");
        Assert.Contains("Server pusat bermasalah", board.Document.QuerySelector("[data-point-notice]")?.TextContent ?? "");
        var status = await staff.GetAsync("/service-status");
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Contains("Server pusat bermasalah", status.Text);
        Assert.Contains("Rapat kerja kecamatan", status.Text);

        // The district ends its disruption: the node's pages follow.
        await AtHub(db => db.Disruptions.Where(d => d.Id == central).ExecuteUpdateAsync(u => u.SetProperty(d => d.EndedAt, _pair.Clock.GetUtcNow())));
        await UntilAsync("the end at the node", () => AtNode(db => db.Disruptions.AnyAsync(d => d.Id == central && d.EndedAt != null)));
        Assert.DoesNotContain("Server pusat bermasalah", (await staff.GetAsync($"/staff/queue/{Point}")).Text);
    }

    private Task<T> AtHub<T>(Func<EKtpDbContext, Task<T>> work) => _pair.AtHub(work);

    private Task<T> AtNode<T>(Func<EKtpDbContext, Task<T>> work) => _pair.AtNode(work);

    private static Task UntilAsync(string what, Func<Task<bool>> condition) => FieldNodeTestSteps.UntilAsync(what, condition, 60);

    public async Task DisposeAsync()
    {
        if (_pair is not null) await _pair.DisposeAsync();
    }
}
