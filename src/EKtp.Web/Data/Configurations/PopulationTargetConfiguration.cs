using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class PopulationTargetConfiguration : IEntityTypeConfiguration<PopulationTarget>
{
    public void Configure(EntityTypeBuilder<PopulationTarget> b)
    {
        b.Property(p => p.RegencyCode).HasMaxLength(5);
        b.Property(p => p.RegionCode).HasMaxLength(13);
        b.HasIndex(p => new { p.RegionCode, p.AsOf }).IsUnique();
        b.HasOne<Region>().WithMany().HasForeignKey(p => p.RegionCode).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_population_targets_counts", "wajib_ktp >= 0 AND recorded_before BETWEEN 0 AND wajib_ktp"));
    }
}
