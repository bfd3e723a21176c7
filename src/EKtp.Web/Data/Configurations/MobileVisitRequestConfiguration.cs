using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class MobileVisitRequestConfiguration : IEntityTypeConfiguration<MobileVisitRequest>
{
    public void Configure(EntityTypeBuilder<MobileVisitRequest> b)
    {
        b.Property(r => r.RegencyCode).HasMaxLength(5);
        b.Property(r => r.ContactName).HasMaxLength(120);
        b.Property(r => r.Phone).HasMaxLength(20);
        b.Property(r => r.VillageCode).HasMaxLength(13);
        b.Property(r => r.Place).HasMaxLength(200);
        b.Property(r => r.PreferredDates).HasMaxLength(300);
        b.Property(r => r.DecisionReason).IsFreeText(300);
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasOne<Region>().WithMany().HasForeignKey(r => r.VillageCode).OnDelete(DeleteBehavior.Restrict);
    }
}
