namespace EKtp.Web.Data;

/// <summary>
/// What the hub publishes to the field node of one point, and the names both sides use (docs/field-node-design.md).
/// Each table flows one way only: these hub → node; the node's facts go the other way in <c>field_events</c>.
/// </summary>
public static class FieldReplication
{
    /// <summary>The node's subscription to its point's publication.</summary>
    public const string SubscriptionName = "ektp_hub";

    public static string PublicationName(string pointCode) => "ektp_point_" + pointCode.Replace('-', '_');

    /// <summary>The hub-side slot of one node: named after the node, so every node of the hub has its own.</summary>
    public static string SlotName(Guid nodeId) => "ektp_node_" + nodeId.ToString("N");

    /// <summary>The published tables and their row filters; a filter's column is in the table's replica identity.</summary>
    public static IReadOnlyList<(string Table, string? Filter)> Tables(Guid pointId)
    {
        var atPoint = $"service_point_id = '{pointId}'";
        return
        [
            ("service_points", $"id = '{pointId}'"),
            ("schedule_sessions", atPoint),
            ("slots", atPoint),
            ("mobile_stops", atPoint),
            ("appointments", atPoint),
            ("holidays", null),
            ("cards", $"collection_point_id = '{pointId}'"),
            ("staff_users", atPoint),
            ("staff_roles", null),
            ("staff_user_roles", null),
            // What the district declared for the point, shown at the node (decision 1220). A node's own disruptions
            // come back with the node's ids and land on its own rows (public.ektp_replica_upsert).
            ("disruptions", atPoint),
            ("closures", atPoint),
            // What the hub's /service-status shows for the point and a node could not know otherwise (decision 1224): its
            // extra (Lebaran) sessions, and its blank-stock ledger (the node's own entries come back with their ids).
            ("extra_sessions", atPoint),
            ("blank_stock_entries", atPoint),
        ];
    }

    public static string CreatePublicationSql(string pointCode, Guid pointId) =>
        $"CREATE PUBLICATION {PublicationName(pointCode)} FOR TABLE " + string.Join(", ", Tables(pointId).Select(Member));

    /// <summary>For a publication made by an earlier version: one <c>ALTER PUBLICATION ... ADD TABLE</c> per table it lacks.</summary>
    public static IEnumerable<string> AddMissingTablesSql(string pointCode, Guid pointId, Func<string, bool> isPublished) =>
        Tables(pointId).Where(t => !isPublished(t.Table)).Select(t => $"ALTER PUBLICATION {PublicationName(pointCode)} ADD TABLE {Member(t)}");

    private static string Member((string Table, string? Filter) t) => t.Filter is null ? t.Table : $"{t.Table} WHERE ({t.Filter})";
}
