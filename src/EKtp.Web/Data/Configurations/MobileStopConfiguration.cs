using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class MobileStopConfiguration : IEntityTypeConfiguration<MobileStop>
{
    public void Configure(EntityTypeBuilder<MobileStop> b)
    {
        b.Property(s => s.RegencyCode).HasMaxLength(5);
        b.Property(s => s.VillageCode).HasMaxLength(13);
        b.Property(s => s.Place).HasMaxLength(200);
        b.HasOne(s => s.Village).WithMany().HasForeignKey(s => s.VillageCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.ServicePoint).WithMany().HasForeignKey(s => s.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.ServicePointId, s.Date });
        b.HasIndex(s => s.Date);
        b.ToTable(t => t.HasCheckConstraint("ck_mobile_stops_span", "\"end\" > start"));
    }
}
