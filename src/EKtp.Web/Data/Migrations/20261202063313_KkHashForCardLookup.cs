using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class KkHashForCardLookup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "kk_hash",
                table: "recordings",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "kk_hash",
                table: "cards",
                type: "bytea",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "kk_hash",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "kk_hash",
                table: "cards");
        }
    }
}
