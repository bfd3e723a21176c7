using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class ServicePointConfiguration : IEntityTypeConfiguration<ServicePoint>
{
    public void Configure(EntityTypeBuilder<ServicePoint> b)
    {
        b.Property(p => p.RegencyCode).HasMaxLength(5);
        b.Property(p => p.Code).HasMaxLength(40);
        b.Property(p => p.Name).HasMaxLength(120);
        b.Property(p => p.Address).HasMaxLength(300);
        b.Property(p => p.RegionCode).HasMaxLength(13);
        b.HasIndex(p => new { p.RegencyCode, p.Code }).IsUnique();
        b.HasIndex(p => p.Code).IsUnique();
        b.HasOne(p => p.Region).WithMany().HasForeignKey(p => p.RegionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Sessions).WithOne().HasForeignKey(s => s.ServicePointId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("ck_service_points_walk_in_quota", "walk_in_daily_quota >= 0"));
    }
}
