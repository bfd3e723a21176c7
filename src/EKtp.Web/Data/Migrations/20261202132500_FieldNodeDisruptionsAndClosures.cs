using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <summary>
    /// Disruptions and closures of a point go hub → node as well (decision 1220): the replica identity their row filter
    /// needs, and at the node the same upsert trigger as the other received tables, plus one that keeps an end the node
    /// already recorded.
    /// </summary>
    public partial class FieldNodeDisruptionsAndClosures : Migration
    {
        // Frozen here (not read from Data/FieldReplication.cs) so that this migration never changes after the fact.
        private static readonly string[] Tables = ["disruptions", "closures"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql(ReceivedTableSql.Up(table));
            // A disruption declared and ended at the node comes back from the hub first as declared (the hub applies the
            // node's events one by one): the end the node already has stays. An end is final on both sides (only rows
            // with no end are ended), so the hub never sends an un-ended row that should win. Fired by the apply and
            // copy workers only; every name qualified for their search_path.
            migrationBuilder.Sql("""
                CREATE FUNCTION public.ektp_disruption_end_kept() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.ended_at IS NOT NULL AND NEW.ended_at IS NULL THEN
                        NEW.ended_at := OLD.ended_at;
                        NEW.ended_by_id := OLD.ended_by_id;
                    END IF;
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER ektp_disruption_end_kept BEFORE UPDATE ON public.disruptions
                    FOR EACH ROW EXECUTE FUNCTION public.ektp_disruption_end_kept();
                ALTER TABLE public.disruptions ENABLE REPLICA TRIGGER ektp_disruption_end_kept;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ektp_disruption_end_kept ON public.disruptions;
                DROP FUNCTION public.ektp_disruption_end_kept();
                """);
            foreach (var table in Tables)
                migrationBuilder.Sql(ReceivedTableSql.Down(table));
        }
    }
}
