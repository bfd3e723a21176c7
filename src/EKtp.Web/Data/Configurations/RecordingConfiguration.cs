using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class RecordingConfiguration : IEntityTypeConfiguration<Recording>
{
    public void Configure(EntityTypeBuilder<Recording> b)
    {
        b.Property(r => r.RegencyCode).HasMaxLength(5);
        b.Property(r => r.VillageCode).HasMaxLength(13);
        b.Property(r => r.Note).IsFreeText(500);
        b.Property(r => r.UploadFailure).HasMaxLength(500);
        b.HasIndex(r => new { r.ServicePointId, r.RecordedAt });
        b.HasIndex(r => r.NikHash);
        b.HasIndex(r => r.QueueTicketId).IsUnique();
        // Only the few recordings still on their way are indexed: the per-point list and the dashboard's alert read them.
        b.HasIndex(r => new { r.ServicePointId, r.RecordedAt }, "ix_recordings_not_acknowledged").HasDatabaseName("ix_recordings_not_acknowledged")
            .HasFilter($"upload_state <> {SqlNames.List([RecordingUpload.Acknowledged])}");
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(r => r.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_recordings_upload_failure",
            $"(upload_state = {SqlNames.List([RecordingUpload.Failed])}) = (upload_failure IS NOT NULL)"));
        // A special category's own fields are there exactly when the category is (issue 15, item A4).
        b.Property(r => r.Category).HasDefaultValue(RecordingCategory.General).HasSentinel(RecordingCategory.General);
        b.Property(r => r.CompanionName).IsFreeText(120);
        b.Property(r => r.HomeRegency).IsFreeText(100);
        b.HasIndex(r => new { r.Category, r.RecordedAt }).HasFilter($"category <> {SqlNames.List([RecordingCategory.General])}");
        b.ToTable(t => t.HasCheckConstraint("ck_recordings_odgj_fields",
            $"(category = {SqlNames.List([RecordingCategory.Odgj])}) = (companion_name IS NOT NULL) AND (iris_skipped = false OR category = {SqlNames.List([RecordingCategory.Odgj])})"));
        b.ToTable(t => t.HasCheckConstraint("ck_recordings_inmate_fields",
            $"(category = {SqlNames.List([RecordingCategory.Inmate])}) = (home_regency IS NOT NULL)"));
    }
}
