namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// Compares what a node has with what the hub has, row key by row key: a key the node has and the hub lacks is lost;
/// a key the hub has more than once, or that the node never had, is duplicated (the same fact made twice).
/// </summary>
public static class SyncCheck
{
    public sealed record Result(IReadOnlyList<string> Lost, IReadOnlyList<string> Duplicated)
    {
        public override string ToString() => $"lost [{string.Join(", ", Lost)}], duplicated [{string.Join(", ", Duplicated)}]";
    }

    public static Result Compare(IEnumerable<string> atNode, IEnumerable<string> atHub)
    {
        var node = atNode.ToList();
        var hub = atHub.ToList();
        var hubSet = hub.ToHashSet();
        var nodeSet = node.ToHashSet();
        var lost = node.Where(k => !hubSet.Contains(k)).Distinct().ToList();
        var duplicated = hub.GroupBy(k => k).Where(g => g.Count() > 1 || !nodeSet.Contains(g.Key)).Select(g => g.Key)
            .Concat(node.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key)).Distinct().ToList();
        return new Result(lost, duplicated);
    }
}
