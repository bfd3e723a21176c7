using EKtp.Web.Features.FieldNodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EKtp.Tests.Support;

/// <summary>
/// The sync engine's status as a test sets it: the link of a node, the nodes a hub knows, review items. Resolving
/// an item records who resolved it and with what note.
/// </summary>
public sealed class FakeFieldNodeStatus(TimeProvider clock) : IFieldNodeStatus
{
    private readonly Lock _gate = new();
    private readonly List<FieldReviewItemView> _reviews = [];

    public NodeLinkStatus? Node { get; set; }
    public List<HubNodeStatus> Hub { get; } = [];
    public List<(Guid Id, Guid ById, string Note)> Resolved { get; } = [];

    public void Add(FieldReviewItemView item) { lock (_gate) _reviews.Add(item); }

    public void Clear()
    {
        Node = null;
        Hub.Clear();
        lock (_gate) { _reviews.Clear(); Resolved.Clear(); }
    }

    public Task<NodeLinkStatus?> ReadNodeAsync(CancellationToken ct = default) => Task.FromResult(Node);

    public Task<IReadOnlyList<HubNodeStatus>> ReadHubAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<HubNodeStatus>>(Hub.ToList());

    public Task<IReadOnlyList<FieldReviewItemView>> ReadReviewItemsAsync(Guid? nodeId, bool openOnly, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<FieldReviewItemView>>(_reviews
                .Where(r => (nodeId is null || r.NodeId == nodeId) && (!openOnly || r.ResolvedAt is null))
                .OrderByDescending(r => r.CreatedAt).ToList());
    }

    public Task<bool> ResolveReviewItemAsync(Guid id, Guid byId, string note, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var i = _reviews.FindIndex(r => r.Id == id && r.ResolvedAt is null);
            if (i < 0) return Task.FromResult(false);
            _reviews[i] = _reviews[i] with { ResolvedAt = clock.GetUtcNow(), ResolutionNote = note };
            Resolved.Add((id, byId, note));
            return Task.FromResult(true);
        }
    }
}

public static class FieldNodeHosting
{
    /// <summary>
    /// At a node of kec-rao (Site:Role = Node), for a factory's settings. No hub address: the node's sync loop runs no
    /// round, so a node host on the shared test database does nothing in the background (the fake says what the
    /// link is); its journal is written all the same.
    /// </summary>
    public static readonly Dictionary<string, string?> NodeSettings = new()
    {
        ["Site:Role"] = "Node", ["Site:PointCode"] = "kec-rao", ["FieldNode:HubConnectionString"] = "",
    };

    public static void UseFieldNodeStatus(this IWebHostBuilder builder, IFieldNodeStatus status) =>
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IFieldNodeStatus>();
            services.AddSingleton(status);
        });

    /// <summary>A second host of the portal on the same database, whose sync engine says what the fake says.</summary>
    public static WebApplicationFactory<Program> WithFieldNodeStatus(this EKtpAppFactory app, IFieldNodeStatus status,
        IDictionary<string, string?>? settings = null) =>
        app.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) b.UseSetting(key, value);
            b.UseFieldNodeStatus(status);
        });

    /// <summary>A browser-like client (cookies kept, redirects not followed); on Kestrel, to the server's own address.</summary>
    public static PageClient NewPageClient(this WebApplicationFactory<Program> portal) =>
        new(portal.CreateClient(new()
        {
            AllowAutoRedirect = false, HandleCookies = true,
            BaseAddress = portal is KestrelAppFactory kestrel ? new Uri(kestrel.BaseAddress) : new Uri("http://localhost"),
        }));
}

/// <summary>A browser for the field node's journey, which stands up its own hub and node.</summary>
[CollectionDefinition(Name)]
public sealed class FieldNodeCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "field-node";
}
