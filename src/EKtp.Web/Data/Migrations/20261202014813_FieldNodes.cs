using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FieldNodes : Migration
    {
        // Frozen here (not read from Data/FieldReplication.cs) so that this migration never changes after the fact.
        private static readonly string[] PointFilteredTables = ["schedule_sessions", "slots", "mobile_stops", "appointments"];
        private static readonly string[] SubscribedTables =
            ["service_points", "schedule_sessions", "slots", "mobile_stops", "appointments", "holidays", "cards",
             "staff_users", "staff_roles", "staff_user_roles"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "provisional_code",
                table: "queue_tickets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "field_events",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_events", x => new { x.node_id, x.seq });
                });

            migrationBuilder.CreateTable(
                name: "field_node_state",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    point_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    last_seq = table.Column<long>(type: "bigint", nullable: false),
                    pushed_seq = table.Column<long>(type: "bigint", nullable: false),
                    applied_seq = table.Column<long>(type: "bigint", nullable: false),
                    last_push_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_push_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    disconnected_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    subscription_created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_node_state", x => x.node_id);
                });

            migrationBuilder.CreateTable(
                name: "field_nodes",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    point_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    first_contact_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_contact_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_seq = table.Column<long>(type: "bigint", nullable: false),
                    applied_seq = table.Column<long>(type: "bigint", nullable: false),
                    last_applied_occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_error_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_nodes", x => x.node_id);
                });

            migrationBuilder.CreateTable(
                name: "field_review_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_seq = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    node_side = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    hub_side = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    resolution_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_review_items", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_field_events_id",
                table: "field_events",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_field_events_unapplied",
                table: "field_events",
                columns: new[] { "node_id", "seq" },
                filter: "applied_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_field_review_items_event_id_kind",
                table: "field_review_items",
                columns: new[] { "event_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_field_review_items_node_id_resolved_at",
                table: "field_review_items",
                columns: new[] { "node_id", "resolved_at" });

            // Hub → node replication (docs/field-node-design.md): a row filter's column must be in the replica
            // identity, or the hub's own UPDATEs of a published table fail. A unique index (id, point) where the
            // column is NOT NULL; FULL where it is nullable.
            foreach (var table in PointFilteredTables)
                migrationBuilder.Sql($"""
                    CREATE UNIQUE INDEX ux_{table}_replica ON {table} (id, service_point_id);
                    ALTER TABLE {table} REPLICA IDENTITY USING INDEX ux_{table}_replica;
                    """);
            migrationBuilder.Sql("ALTER TABLE cards REPLICA IDENTITY FULL; ALTER TABLE staff_users REPLICA IDENTITY FULL;");
            // At a node, apply must never stop on a duplicate: an INSERT of a key the node already has (a re-copy after
            // a lost slot) becomes an UPDATE of that row. ENABLE REPLICA: only the apply and copy workers fire it, so
            // it does nothing at the hub or in the node's own writes. The apply worker's search_path is restricted:
            // every name is qualified.
            migrationBuilder.Sql("""
                CREATE FUNCTION public.ektp_replica_upsert() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    key_cols text;
                    set_cols text;
                    done int;
                BEGIN
                    SELECT string_agg(format('%I = ($1).%I', a.attname, a.attname), ' AND ')
                      INTO key_cols
                      FROM pg_catalog.pg_index i
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                     WHERE i.indrelid = TG_RELID AND i.indisprimary;
                    SELECT string_agg(format('%I = ($1).%I', a.attname, a.attname), ', ')
                      INTO set_cols
                      FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
                    EXECUTE format('UPDATE %I.%I SET %s WHERE %s', TG_TABLE_SCHEMA, TG_TABLE_NAME, set_cols, key_cols) USING NEW;
                    GET DIAGNOSTICS done = ROW_COUNT;
                    IF done > 0 THEN
                        RETURN NULL;
                    END IF;
                    RETURN NEW;
                END
                $$;
                """);
            foreach (var table in SubscribedTables)
                migrationBuilder.Sql($"""
                    CREATE TRIGGER ektp_replica_upsert BEFORE INSERT ON {table}
                        FOR EACH ROW EXECUTE FUNCTION public.ektp_replica_upsert();
                    ALTER TABLE {table} ENABLE REPLICA TRIGGER ektp_replica_upsert;
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in SubscribedTables)
                migrationBuilder.Sql($"DROP TRIGGER ektp_replica_upsert ON {table};");
            migrationBuilder.Sql("DROP FUNCTION public.ektp_replica_upsert();");
            migrationBuilder.Sql("ALTER TABLE cards REPLICA IDENTITY DEFAULT; ALTER TABLE staff_users REPLICA IDENTITY DEFAULT;");
            foreach (var table in PointFilteredTables)
                migrationBuilder.Sql($"ALTER TABLE {table} REPLICA IDENTITY DEFAULT; DROP INDEX ux_{table}_replica;");
            migrationBuilder.DropTable(
                name: "field_events");

            migrationBuilder.DropTable(
                name: "field_node_state");

            migrationBuilder.DropTable(
                name: "field_nodes");

            migrationBuilder.DropTable(
                name: "field_review_items");

            migrationBuilder.DropColumn(
                name: "provisional_code",
                table: "queue_tickets");
        }
    }
}
