using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class SchoolDriveConfiguration : IEntityTypeConfiguration<SchoolDrive>
{
    public void Configure(EntityTypeBuilder<SchoolDrive> b)
    {
        b.Property(d => d.RegencyCode).HasMaxLength(5);
        b.Property(d => d.SchoolName).HasMaxLength(150);
        // One drive per stop: the stop is the school's day.
        b.HasIndex(d => d.MobileStopId).IsUnique();
        b.HasOne(d => d.MobileStop).WithMany().HasForeignKey(d => d.MobileStopId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(d => d.Students).WithOne().HasForeignKey(s => s.SchoolDriveId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class SchoolDriveStudentConfiguration : IEntityTypeConfiguration<SchoolDriveStudent>
{
    public void Configure(EntityTypeBuilder<SchoolDriveStudent> b)
    {
        b.Property(s => s.FullName).HasMaxLength(120);
        b.Property(s => s.VillageCode).HasMaxLength(13);
        // A student once per list; a second import of the same NIK is a row error, and a race trips this index.
        b.HasIndex(s => new { s.SchoolDriveId, s.NikHash }).IsUnique();
        b.HasOne<Region>().WithMany().HasForeignKey(s => s.VillageCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Recording>().WithMany().HasForeignKey(s => s.RecordingId).OnDelete(DeleteBehavior.Restrict);
    }
}
