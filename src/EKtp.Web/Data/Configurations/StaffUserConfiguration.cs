using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(120);
        b.Property(u => u.RegencyCode).HasMaxLength(5);
        b.HasOne(u => u.ServicePoint).WithMany().HasForeignKey(u => u.ServicePointId).OnDelete(DeleteBehavior.Restrict);
    }
}
