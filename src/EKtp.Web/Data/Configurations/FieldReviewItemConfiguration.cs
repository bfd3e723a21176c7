using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public sealed class FieldReviewItemConfiguration : IEntityTypeConfiguration<FieldReviewItem>
{
    public void Configure(EntityTypeBuilder<FieldReviewItem> b)
    {
        // An event applied again cannot raise the same item twice.
        b.HasIndex(i => new { i.EventId, i.Kind }).IsUnique();
        b.HasIndex(i => new { i.NodeId, i.ResolvedAt });
        b.Property(i => i.SubjectType).HasMaxLength(40);
        b.Property(i => i.SubjectId).HasMaxLength(64);
        b.Property(i => i.NodeSide).HasMaxLength(500);
        b.Property(i => i.HubSide).HasMaxLength(500);
        b.Property(i => i.ResolutionNote).IsFreeText(500);
    }
}
