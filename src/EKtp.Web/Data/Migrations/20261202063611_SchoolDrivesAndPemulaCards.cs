using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SchoolDrivesAndPemulaCards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "pemula_recorded",
                table: "rollup_recordings_daily",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "printable_from",
                table: "cards",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "rollup_cards_stuck",
                columns: table => new
                {
                    village_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    cards = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_cards_stuck", x => x.village_code);
                });

            migrationBuilder.CreateTable(
                name: "school_drives",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    mobile_stop_id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_school_drives", x => x.id);
                    table.ForeignKey(
                        name: "fk_school_drives_mobile_stops_mobile_stop_id",
                        column: x => x.mobile_stop_id,
                        principalTable: "mobile_stops",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "school_drive_students",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    school_drive_id = table.Column<Guid>(type: "uuid", nullable: false),
                    nik_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    nik_cipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    full_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    village_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    recording_id = table.Column<Guid>(type: "uuid", nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_school_drive_students", x => x.id);
                    table.ForeignKey(
                        name: "fk_school_drive_students_recordings_recording_id",
                        column: x => x.recording_id,
                        principalTable: "recordings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_school_drive_students_regions_village_code",
                        column: x => x.village_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_school_drive_students_school_drives_school_drive_id",
                        column: x => x.school_drive_id,
                        principalTable: "school_drives",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_school_drive_students_recording_id",
                table: "school_drive_students",
                column: "recording_id");

            migrationBuilder.CreateIndex(
                name: "ix_school_drive_students_school_drive_id_nik_hash",
                table: "school_drive_students",
                columns: new[] { "school_drive_id", "nik_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_school_drive_students_village_code",
                table: "school_drive_students",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ix_school_drives_mobile_stop_id",
                table: "school_drives",
                column: "mobile_stop_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rollup_cards_stuck");

            migrationBuilder.DropTable(
                name: "school_drive_students");

            migrationBuilder.DropTable(
                name: "school_drives");

            migrationBuilder.DropColumn(
                name: "pemula_recorded",
                table: "rollup_recordings_daily");

            migrationBuilder.DropColumn(
                name: "printable_from",
                table: "cards");
        }
    }
}
