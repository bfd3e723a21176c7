using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class MobileVisitRequestConfiguration : IEntityTypeConfiguration<MobileVisitRequest>
{
    public const string OnePendingPerPhoneAndVillage = "ux_mobile_visit_requests_one_pending_per_phone_and_village";

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
        // One pending request per phone and nagari: asking again, from any form, gets the request already waiting.
        b.HasIndex(r => new { r.Phone, r.VillageCode }).IsUnique().HasFilter($"status = {SqlNames.List([VisitRequestStatus.Pending])}")
            .HasDatabaseName(OnePendingPerPhoneAndVillage);
        b.HasOne<Region>().WithMany().HasForeignKey(r => r.VillageCode).OnDelete(DeleteBehavior.Restrict);
    }
}
