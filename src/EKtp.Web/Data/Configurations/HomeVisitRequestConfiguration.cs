using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class HomeVisitRequestConfiguration : IEntityTypeConfiguration<HomeVisitRequest>
{
    public const string ReferenceIndex = "ix_home_visit_requests_reference";

    public void Configure(EntityTypeBuilder<HomeVisitRequest> b)
    {
        b.Property(r => r.RegencyCode).HasMaxLength(5);
        b.Property(r => r.Reference).HasMaxLength(16);
        b.Property(r => r.ResidentName).HasMaxLength(120);
        b.Property(r => r.ReasonNote).IsFreeText(200);
        b.Property(r => r.VillageCode).HasMaxLength(13);
        b.Property(r => r.Address).IsFreeText(300);
        b.Property(r => r.Phone).HasMaxLength(20);
        b.Property(r => r.FamilyMemberName).HasMaxLength(120);
        b.Property(r => r.DeclineReason).IsFreeText(300);
        b.HasIndex(r => r.Reference).IsUnique().HasDatabaseName(ReferenceIndex);
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasIndex(r => r.MobileStopId);
        b.HasOne<Region>().WithMany().HasForeignKey(r => r.VillageCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MobileStop>().WithMany().HasForeignKey(r => r.MobileStopId).OnDelete(DeleteBehavior.Restrict);
        var planned = SqlNames.List([HomeVisitStatus.Scheduled, HomeVisitStatus.Done]);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_home_visit_requests_planned_into_a_stop",
                $"status NOT IN ({planned}) OR (mobile_stop_id IS NOT NULL AND scheduled_date IS NOT NULL)");
            t.HasCheckConstraint("ck_home_visit_requests_declined_with_reason",
                $"(status = {SqlNames.List([HomeVisitStatus.Declined])}) = (decline_reason IS NOT NULL)");
            t.HasCheckConstraint("ck_home_visit_requests_other_with_note",
                $"reason <> {SqlNames.List([HomeVisitReason.Other])} OR reason_note IS NOT NULL");
        });
    }
}
