using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class RollupStateConfiguration : IEntityTypeConfiguration<RollupState>
{
    public void Configure(EntityTypeBuilder<RollupState> b)
    {
        b.ToTable("rollup_state");
        b.HasKey(r => r.Name);
        b.Property(r => r.Name).HasMaxLength(40);
    }
}
