using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EKtp.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordingUploadState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "upload_failure",
                table: "recordings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "upload_state",
                table: "recordings",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Acknowledged");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "upload_state_at",
                table: "recordings",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Every recording so far was logged at the hub: acknowledged when it was recorded. New rows state their own.
            migrationBuilder.Sql("UPDATE recordings SET upload_state_at = recorded_at;");
            migrationBuilder.Sql("ALTER TABLE recordings ALTER COLUMN upload_state DROP DEFAULT, ALTER COLUMN upload_state_at DROP DEFAULT;");

            migrationBuilder.CreateIndex(
                name: "ix_recordings_not_acknowledged",
                table: "recordings",
                columns: new[] { "service_point_id", "recorded_at" },
                filter: "upload_state <> 'Acknowledged'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_recordings_upload_failure",
                table: "recordings",
                sql: "(upload_state = 'Failed') = (upload_failure IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_recordings_not_acknowledged",
                table: "recordings");

            migrationBuilder.DropCheckConstraint(
                name: "ck_recordings_upload_failure",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "upload_failure",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "upload_state",
                table: "recordings");

            migrationBuilder.DropColumn(
                name: "upload_state_at",
                table: "recordings");
        }
    }
}
