using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class DisruptionConfiguration : IEntityTypeConfiguration<Disruption>
{
    public void Configure(EntityTypeBuilder<Disruption> b)
    {
        b.Property(d => d.RegencyCode).HasMaxLength(5);
        b.Property(d => d.PublicNote).IsFreeText(500);
        b.Ignore(d => d.StopsRecording);
        b.HasOne(d => d.ServicePoint).WithMany().HasForeignKey(d => d.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => new { d.ServicePointId, d.StartsAt });
        b.ToTable(t => t.HasCheckConstraint("ck_disruptions_span", "ended_at IS NULL OR ended_at >= starts_at"));
    }
}
