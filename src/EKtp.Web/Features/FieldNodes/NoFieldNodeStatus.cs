namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// A hub without nodes, registered only when no sync engine registered <see cref="IFieldNodeStatus"/> first
/// (<c>TryAddScoped</c>): the pages around the engine then show nothing to do.
/// </summary>
public sealed class NoFieldNodeStatus : IFieldNodeStatus
{
    public Task<NodeLinkStatus?> ReadNodeAsync(CancellationToken ct = default) => Task.FromResult<NodeLinkStatus?>(null);

    public Task<IReadOnlyList<HubNodeStatus>> ReadHubAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<HubNodeStatus>>([]);

    public Task<IReadOnlyList<FieldReviewItemView>> ReadReviewItemsAsync(Guid? nodeId, bool openOnly, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<FieldReviewItemView>>([]);

    public Task<bool> ResolveReviewItemAsync(Guid id, Guid byId, string note, CancellationToken ct = default) => Task.FromResult(false);
}
