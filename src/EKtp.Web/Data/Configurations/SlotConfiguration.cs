using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class SlotConfiguration : IEntityTypeConfiguration<Slot>
{
    public void Configure(EntityTypeBuilder<Slot> b)
    {
        b.Property(s => s.RegencyCode).HasMaxLength(5);
        b.Ignore(s => s.Available);
        b.HasOne(s => s.ServicePoint).WithMany().HasForeignKey(s => s.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.MobileStop).WithMany().HasForeignKey(s => s.MobileStopId).OnDelete(DeleteBehavior.Restrict);
        // A unit or office is in one place at a time, so its start time identifies the slot: this keeps generation idempotent.
        b.HasIndex(s => new { s.ServicePointId, s.StartsAt }).IsUnique();
        b.HasIndex(s => new { s.ServicePointId, s.Date });
        b.HasIndex(s => s.MobileStopId);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_slots_booked_within_capacity", "booked BETWEEN 0 AND capacity");
            t.HasCheckConstraint("ck_slots_span", "ends_at > starts_at");
        });
    }
}
