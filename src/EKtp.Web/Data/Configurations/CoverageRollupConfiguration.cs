using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class CoverageRollupConfiguration : IEntityTypeConfiguration<CoverageRollup>
{
    public void Configure(EntityTypeBuilder<CoverageRollup> b)
    {
        b.ToTable("rollup_coverage");
        b.HasKey(r => r.RegionCode);
        b.Property(r => r.RegionCode).HasMaxLength(13);
        b.Ignore(r => r.Covered);
    }
}
