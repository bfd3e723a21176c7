using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.FieldNodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// A node subscribed to a publication made by an older hub (decisions 1222 and 1224): when the upgraded hub adds a table
/// to the point's publication (<c>ALTER PUBLICATION … ADD TABLE</c>), the node refreshes its subscription by itself and
/// receives the table's rows, those made before and after. Here the tables are the point's extra (Lebaran) sessions and
/// its blank-stock ledger, which the node's /service-status then shows as the hub's does. A <see cref="HubAndNode"/>
/// on ports 5497 and 5498: the test writes at the hub what the applier would.
/// </summary>
public sealed class NodeUpgradeTests : IAsyncLifetime
{
    private const string Point = HubAndNode.Point;
    private HubAndNode _pair = null!;

    public async Task InitializeAsync() => _pair = await HubAndNode.StartAsync("upgrade", 5497, 5498, async db =>
    {
        // The publication as the hub's previous version made it: without the point's extra sessions and blank stock.
        var older = "ALTER PUBLICATION " + FieldReplication.PublicationName(Point) + " DROP TABLE extra_sessions, blank_stock_entries";
        await db.Database.ExecuteSqlRawAsync(older);
        // A printing kecamatan office, so that /service-status shows its stock.
        await db.ServicePoints.Where(p => p.Code == Point).ExecuteUpdateAsync(u => u.SetProperty(p => p.CanPrint, true));
    });

    [Fact]
    public async Task A_table_the_upgraded_hub_adds_to_the_publication_reaches_a_node_subscribed_before_and_its_service_status_matches_the_hubs()
    {
        var op = await _pair.Hub.OperatorAtHubAsync(Point);
        await UntilAsync("the operator at the node", () => AtNode(db => db.Users.AnyAsync(u => u.Id == op.Id)));
        var pointId = await AtHub(db => db.ServicePoints.Where(p => p.Code == Point).Select(p => p.Id).SingleAsync());
        var today = _pair.Clock.Today();

        // Before the upgrade: a Lebaran session until 19.00 today and 120 blanks received, at the hub only.
        var session = new ExtraSession
        {
            ServicePointId = pointId, Date = today, Start = new(16, 0), End = new(19, 0), BatchId = Guid.NewGuid(), Note = "Lebaran",
            CreatedAt = _pair.Clock.GetUtcNow(), CreatedById = Guid.NewGuid(),
        };
        var received = new BlankStockEntry { ServicePointId = pointId, Kind = BlankStockKind.Received, Quantity = 120, At = _pair.Clock.GetUtcNow(), ById = Guid.NewGuid() };
        await AtHub(async db =>
        {
            db.ExtraSessions.Add(session);
            db.BlankStock.Add(received);
            await db.SaveChangesAsync();
            // A later change of a table published all along: once it is at the node, so would the others be if published.
            db.Closures.Add(new ServicePointClosure { ServicePointId = pointId, From = today.AddDays(5), To = today.AddDays(5), Reason = "Rapat kerja" });
            return await db.SaveChangesAsync();
        });
        await UntilAsync("the closure at the node", () => AtNode(db => db.Closures.AnyAsync()));
        Assert.False(await AtNode(db => db.ExtraSessions.AnyAsync()));
        Assert.False(await AtNode(db => db.BlankStock.AnyAsync()));
        using var staff = new PageClient(_pair.Node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await staff.SignInAsync(op);
        Assert.Contains("sampai 16.00", (await staff.GetAsync("/service-status")).Document.QuerySelector($"[data-point='{Point}']")!.TextContent);

        // The hub's new version starts: its publication gains the tables; the node takes them up without being touched.
        using (var scope = _pair.Hub.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<HubPublications>().EnsureAsync();
        await UntilAsync("the extra session and the ledger at the node", () => AtNode(async db =>
            await db.ExtraSessions.AnyAsync(s => s.Id == session.Id) && await db.BlankStock.AnyAsync(e => e.Id == received.Id)));

        // The node's own entry (journalled), and the hub's copy of it as the applier makes it, with the node's id: one row.
        var recorded = await staff.PostAsync($"/staff/stock/{Point}", await staff.GetAsync($"/staff/stock/{Point}"),
            new Dictionary<string, string> { ["Kind"] = nameof(BlankStockKind.Received), ["Quantity"] = "30" });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var own = await AtNode(db => db.BlankStock.AsNoTracking().SingleAsync(e => e.Quantity == 30));
        await AtHub(async db =>
        {
            db.BlankStock.Add(new BlankStockEntry { Id = own.Id, ServicePointId = pointId, Kind = own.Kind, Quantity = own.Quantity, At = own.At, ById = own.ById });
            // Made after the upgrade: streamed as well.
            db.ExtraSessions.Add(new ExtraSession
            {
                ServicePointId = pointId, Date = today.AddDays(1), Start = new(6, 0), End = new(9, 0), BatchId = Guid.NewGuid(), Note = "Lebaran",
                CreatedAt = _pair.Clock.GetUtcNow(), CreatedById = Guid.NewGuid(),
            });
            return await db.SaveChangesAsync();
        });
        await UntilAsync("tomorrow's session at the node", () => AtNode(db => db.ExtraSessions.CountAsync(s => s.ServicePointId == pointId).ContinueWith(t => t.Result == 2)));
        Assert.Equal(2, await AtNode(db => db.BlankStock.CountAsync()));

        var atNode = (await staff.GetAsync("/service-status")).Document.QuerySelector($"[data-point='{Point}']")!;
        var hubPage = await new PageClient(_pair.Hub.CreateClient(new() { AllowAutoRedirect = false })).GetAsync("/service-status");
        var atHub = hubPage.Document.QuerySelector($"[data-point='{Point}']")!;
        Assert.Contains("sampai 19.00", atNode.TextContent);
        Assert.Contains("blangko 150", atNode.QuerySelector("[data-stock]")!.TextContent);
        Assert.Equal(atHub.QuerySelector("[data-stock]")!.TextContent, atNode.QuerySelector("[data-stock]")!.TextContent);
        Assert.Equal(atHub.QuerySelector(".point-state")!.TextContent, atNode.QuerySelector(".point-state")!.TextContent);
    }

    private Task<T> AtHub<T>(Func<EKtpDbContext, Task<T>> work) => _pair.AtHub(work);

    private Task<T> AtNode<T>(Func<EKtpDbContext, Task<T>> work) => _pair.AtNode(work);

    private static Task UntilAsync(string what, Func<Task<bool>> condition) => FieldNodeTestSteps.UntilAsync(what, condition, 90);

    public async Task DisposeAsync()
    {
        if (_pair is not null) await _pair.DisposeAsync();
    }
}
