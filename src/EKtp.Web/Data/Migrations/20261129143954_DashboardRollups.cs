using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Indexes on other features' tables that let the rollup job find what changed since its last run,
            // kept here (not in their configurations) because only the rollup job needs them.
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_rollup_src_recordings_recorded_at ON recordings (recorded_at);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_rollup_src_cards_updated_at ON cards (updated_at);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_rollup_src_cards_created_at ON cards (created_at);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_rollup_src_appointments_created_at ON appointments (created_at);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_rollup_src_appointments_cancelled_at ON appointments (cancelled_at) WHERE cancelled_at IS NOT NULL;");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_rollup_src_blank_stock_at ON blank_stock_entries (at);");

            migrationBuilder.CreateTable(
                name: "population_target_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    rows = table.Column<int>(type: "integer", nullable: false),
                    imported_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    imported_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_population_target_imports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rollup_blank_stock_daily",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    service_point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received = table.Column<int>(type: "integer", nullable: false),
                    used = table.Column<int>(type: "integer", nullable: false),
                    spoiled = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_blank_stock_daily", x => new { x.day, x.service_point_id });
                });

            migrationBuilder.CreateTable(
                name: "rollup_bookings_daily",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    service_point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    booked = table.Column<int>(type: "integer", nullable: false),
                    shown = table.Column<int>(type: "integer", nullable: false),
                    no_show = table.Column<int>(type: "integer", nullable: false),
                    cancelled = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_bookings_daily", x => new { x.day, x.service_point_id });
                });

            migrationBuilder.CreateTable(
                name: "rollup_card_status",
                columns: table => new
                {
                    village_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    service_point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    cards = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_card_status", x => new { x.village_code, x.service_point_id, x.status });
                });

            migrationBuilder.CreateTable(
                name: "rollup_cards_daily",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    village_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    service_point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    cards = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_cards_daily", x => new { x.day, x.village_code, x.service_point_id, x.status });
                });

            migrationBuilder.CreateTable(
                name: "rollup_coverage",
                columns: table => new
                {
                    region_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    wajib_ktp = table.Column<int>(type: "integer", nullable: false),
                    recorded_before = table.Column<int>(type: "integer", nullable: false),
                    recorded_since = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_coverage", x => x.region_code);
                });

            migrationBuilder.CreateTable(
                name: "rollup_recordings_daily",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    village_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    service_point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    new_recorded = table.Column<int>(type: "integer", nullable: false),
                    recorded = table.Column<int>(type: "integer", nullable: false),
                    not_recorded = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_recordings_daily", x => new { x.day, x.village_code, x.service_point_id });
                });

            migrationBuilder.CreateTable(
                name: "rollup_state",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    time_mark = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    id_mark = table.Column<Guid>(type: "uuid", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_state", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_population_targets_import_id",
                table: "population_targets",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_population_target_imports_imported_at",
                table: "population_target_imports",
                column: "imported_at");

            migrationBuilder.CreateIndex(
                name: "ix_rollup_cards_daily_village_code_service_point_id",
                table: "rollup_cards_daily",
                columns: new[] { "village_code", "service_point_id" });

            migrationBuilder.CreateIndex(
                name: "ix_rollup_recordings_daily_village_code_day",
                table: "rollup_recordings_daily",
                columns: new[] { "village_code", "day" });

            migrationBuilder.AddForeignKey(
                name: "fk_population_targets_population_target_imports_import_id",
                table: "population_targets",
                column: "import_id",
                principalTable: "population_target_imports",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var index in new[] { "recordings_recorded_at", "cards_updated_at", "cards_created_at", "appointments_created_at", "appointments_cancelled_at", "blank_stock_at" })
                migrationBuilder.Sql($"DROP INDEX IF EXISTS ix_rollup_src_{index};");

            migrationBuilder.DropForeignKey(
                name: "fk_population_targets_population_target_imports_import_id",
                table: "population_targets");

            migrationBuilder.DropTable(
                name: "population_target_imports");

            migrationBuilder.DropTable(
                name: "rollup_blank_stock_daily");

            migrationBuilder.DropTable(
                name: "rollup_bookings_daily");

            migrationBuilder.DropTable(
                name: "rollup_card_status");

            migrationBuilder.DropTable(
                name: "rollup_cards_daily");

            migrationBuilder.DropTable(
                name: "rollup_coverage");

            migrationBuilder.DropTable(
                name: "rollup_recordings_daily");

            migrationBuilder.DropTable(
                name: "rollup_state");

            migrationBuilder.DropIndex(
                name: "ix_population_targets_import_id",
                table: "population_targets");
        }
    }
}
