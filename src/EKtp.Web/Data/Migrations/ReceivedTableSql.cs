namespace EKtp.Web.Data.Migrations;

/// <summary>
/// What a table published hub → node with a point's row filter needs on both sides (decision 1220, docs/field-node-design.md
/// section 2): a unique index (id, service_point_id) as its replica identity, since PostgreSQL 15 refuses the hub's
/// UPDATEs when a filter column is outside it, and the <c>public.ektp_replica_upsert</c> trigger that turns a received
/// INSERT of a row the node already has into an UPDATE (enabled REPLICA: fired by the apply and copy workers only).
/// Migrations call it: it must never change; a different shape gets a method of its own.
/// </summary>
internal static class ReceivedTableSql
{
    public static string Up(string table) => $"""
        CREATE UNIQUE INDEX ux_{table}_replica ON {table} (id, service_point_id);
        ALTER TABLE {table} REPLICA IDENTITY USING INDEX ux_{table}_replica;
        CREATE TRIGGER ektp_replica_upsert BEFORE INSERT ON {table}
            FOR EACH ROW EXECUTE FUNCTION public.ektp_replica_upsert();
        ALTER TABLE {table} ENABLE REPLICA TRIGGER ektp_replica_upsert;
        """;

    public static string Down(string table) => $"""
        DROP TRIGGER ektp_replica_upsert ON {table};
        ALTER TABLE {table} REPLICA IDENTITY DEFAULT;
        DROP INDEX ux_{table}_replica;
        """;
}
