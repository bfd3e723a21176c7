using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class ExtraSessionConfiguration : IEntityTypeConfiguration<ExtraSession>
{
    public void Configure(EntityTypeBuilder<ExtraSession> b)
    {
        b.Property(s => s.RegencyCode).HasMaxLength(5);
        b.Property(s => s.Note).IsFreeText(100);
        b.HasOne(s => s.ServicePoint).WithMany().HasForeignKey(s => s.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        // A backstop to the overlap check (which runs with the points locked): never two sessions starting together.
        b.HasIndex(s => new { s.ServicePointId, s.Date, s.Start }).IsUnique();
        b.HasIndex(s => s.Date);
        b.HasIndex(s => s.BatchId);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_extra_sessions_span", "\"end\" > start");
            t.HasCheckConstraint("ck_extra_sessions_sizes", "slot_minutes > 0 AND capacity_per_slot > 0");
        });
    }
}
