using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class HomeVisitsAndRecordingCategories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "recordings",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "General");

            migrationBuilder.AddColumn<string>(
                name: "companion_name",
                table: "recordings",
                type: "character varying(120)",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "home_regency",
                table: "recordings",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "iris_skipped",
                table: "recordings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "home_visit_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    reference = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    resident_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason_note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    village_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    family_member_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    mobile_stop_id = table.Column<Guid>(type: "uuid", nullable: true),
                    scheduled_date = table.Column<DateOnly>(type: "date", nullable: true),
                    decline_reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_home_visit_requests", x => x.id);
                    table.CheckConstraint("ck_home_visit_requests_declined_with_reason", "(status = 'Declined') = (decline_reason IS NOT NULL)");
                    table.CheckConstraint("ck_home_visit_requests_other_with_note", "reason <> 'Other' OR reason_note IS NOT NULL");
                    table.CheckConstraint("ck_home_visit_requests_planned_into_a_stop", "status NOT IN ('Scheduled', 'Done') OR (mobile_stop_id IS NOT NULL AND scheduled_date IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_home_visit_requests_mobile_stops_mobile_stop_id",
                        column: x => x.mobile_stop_id,
                        principalTable: "mobile_stops",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_home_visit_requests_regions_village_code",
                        column: x => x.village_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recordings_category_recorded_at",
                table: "recordings",
                columns: new[] { "category", "recorded_at" },
                filter: "category <> 'General'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_recordings_inmate_fields",
                table: "recordings",
                sql: "(category = 'Inmate') = (home_regency IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_recordings_odgj_fields",
                table: "recordings",
                sql: "(category = 'Odgj') = (companion_name IS NOT NULL) AND (iris_skipped = false OR category = 'Odgj')");

            migrationBuilder.CreateIndex(
                name: "ix_home_visit_requests_mobile_stop_id",
                table: "home_visit_requests",
                column: "mobile_stop_id");

            migrationBuilder.CreateIndex(
                name: "ix_home_visit_requests_reference",
                table: "home_visit_requests",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_home_visit_requests_status_created_at",
                table: "home_visit_requests",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_home_visit_requests_village_code",
                table: "home_visit_requests",
                column: "village_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "home_visit_requests");

            migrationBuilder.DropIndex(
                name: "ix_recordings_category_recorded_at",
                table: "recordings");

            migrationBuilder.DropCheckConstraint(
                name: "ck_recordings_inmate_fields",
                table: "recordings");

            migrationBuilder.DropCheckConstraint(
                name: "ck_recordings_odgj_fields",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "category",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "companion_name",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "home_regency",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "iris_skipped",
                table: "recordings");
        }
    }
}
