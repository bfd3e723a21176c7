using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public sealed class LookupLockoutConfiguration : IEntityTypeConfiguration<LookupLockout>
{
    public void Configure(EntityTypeBuilder<LookupLockout> b)
    {
        b.ToTable("lookup_lockouts", t => t.HasCheckConstraint("ck_lookup_lockouts_failures", "failures >= 0"));
        b.HasKey(t => t.Key);
        b.Property(t => t.Key).HasMaxLength(80);
    }
}
