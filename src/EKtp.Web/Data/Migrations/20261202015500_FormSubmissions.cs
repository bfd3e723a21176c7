using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FormSubmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "form_submissions",
                columns: table => new
                {
                    form = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    key = table.Column<Guid>(type: "uuid", nullable: false),
                    result_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_form_submissions", x => new { x.form, x.key });
                });

            // The race this index closes left duplicates behind: the oldest pending request of a phone and nagari stays
            // pending, the copies are closed (no message is sent for them: nobody is told twice).
            migrationBuilder.Sql("""
                UPDATE mobile_visit_requests SET status = 'Declined', decision_reason = 'Permintaan ganda; permintaan pertama tetap diproses.'
                WHERE status = 'Pending' AND id NOT IN (
                    SELECT DISTINCT ON (phone, village_code) id FROM mobile_visit_requests
                    WHERE status = 'Pending' ORDER BY phone, village_code, created_at, id)
                """);

            migrationBuilder.CreateIndex(
                name: "ux_mobile_visit_requests_one_pending_per_phone_and_village",
                table: "mobile_visit_requests",
                columns: new[] { "phone", "village_code" },
                unique: true,
                filter: "status = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "form_submissions");

            migrationBuilder.DropIndex(
                name: "ux_mobile_visit_requests_one_pending_per_phone_and_village",
                table: "mobile_visit_requests");
        }
    }
}
