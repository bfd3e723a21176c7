using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class RecordingConfiguration : IEntityTypeConfiguration<Recording>
{
    public void Configure(EntityTypeBuilder<Recording> b)
    {
        b.Property(r => r.RegencyCode).HasMaxLength(5);
        b.Property(r => r.VillageCode).HasMaxLength(13);
        b.Property(r => r.Note).IsFreeText(500);
        b.HasIndex(r => new { r.ServicePointId, r.RecordedAt });
        b.HasIndex(r => r.NikHash);
        b.HasIndex(r => r.QueueTicketId).IsUnique();
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(r => r.ServicePointId).OnDelete(DeleteBehavior.Restrict);
    }
}
