using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <summary>
    /// A point's extra sessions and its blank-stock ledger go hub → node as well (decision 1224), so the node's
    /// /service-status shows what the hub's does: the replica identity their row filter needs, and at the node the same
    /// upsert trigger as the other received tables (a node's own ledger entry comes back from the hub with its id).
    /// </summary>
    public partial class FieldNodeExtraSessionsAndBlankStock : Migration
    {
        // Frozen here (not read from Data/FieldReplication.cs) so that this migration never changes after the fact.
        private static readonly string[] Tables = ["extra_sessions", "blank_stock_entries"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql(ReceivedTableSql.Up(table));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql(ReceivedTableSql.Down(table));
        }
    }
}
