using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> b)
    {
        b.Property(c => c.RegencyCode).HasMaxLength(5);
        b.Property(c => c.VillageCode).HasMaxLength(13);
        b.Property(c => c.FailureReason).IsFreeText(300);
        b.Property(c => c.Version).IsRowVersion();
        b.HasIndex(c => c.NikHash).IsUnique();
        b.HasIndex(c => new { c.Status, c.RecordedAtPointId });
        b.HasOne(c => c.CollectionPoint).WithMany().HasForeignKey(c => c.CollectionPointId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(c => c.RecordedAtPointId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.History).WithOne().HasForeignKey(h => h.CardId).OnDelete(DeleteBehavior.Cascade);
    }
}
