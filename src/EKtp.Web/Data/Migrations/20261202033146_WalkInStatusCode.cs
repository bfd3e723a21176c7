using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class WalkInStatusCode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "phone",
                table: "queue_tickets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status_code",
                table: "queue_tickets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_queue_tickets_status_code",
                table: "queue_tickets",
                column: "status_code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_queue_tickets_status_code",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "phone",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "status_code",
                table: "queue_tickets");
        }
    }
}
