using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class IkdActivationsAndExtraSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "extra_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    service_point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    slot_minutes = table.Column<int>(type: "integer", nullable: false),
                    capacity_per_slot = table.Column<int>(type: "integer", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    note = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_extra_sessions", x => x.id);
                    table.CheckConstraint("ck_extra_sessions_sizes", "slot_minutes > 0 AND capacity_per_slot > 0");
                    table.CheckConstraint("ck_extra_sessions_span", "\"end\" > start");
                    table.ForeignKey(
                        name: "fk_extra_sessions_service_points_service_point_id",
                        column: x => x.service_point_id,
                        principalTable: "service_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ikd_activations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    service_point_id = table.Column<Guid>(type: "uuid", nullable: false),
                    queue_ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    village_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ikd_activations", x => x.id);
                    table.CheckConstraint("ck_ikd_activations_reason", "(outcome = 'Failed') = (reason IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_ikd_activations_queue_tickets_queue_ticket_id",
                        column: x => x.queue_ticket_id,
                        principalTable: "queue_tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ikd_activations_service_points_service_point_id",
                        column: x => x.service_point_id,
                        principalTable: "service_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_extra_sessions_batch_id",
                table: "extra_sessions",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_extra_sessions_date",
                table: "extra_sessions",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "ix_extra_sessions_service_point_id_date_start",
                table: "extra_sessions",
                columns: new[] { "service_point_id", "date", "start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ikd_activations_queue_ticket_id",
                table: "ikd_activations",
                column: "queue_ticket_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ikd_activations_service_point_id_at",
                table: "ikd_activations",
                columns: new[] { "service_point_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "extra_sessions");

            migrationBuilder.DropTable(
                name: "ikd_activations");
        }
    }
}
