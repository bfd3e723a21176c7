using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public sealed class FieldEventConfiguration : IEntityTypeConfiguration<FieldEvent>
{
    public void Configure(EntityTypeBuilder<FieldEvent> b)
    {
        b.HasKey(e => new { e.NodeId, e.Seq });
        b.HasIndex(e => e.Id).IsUnique();
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.Payload).HasColumnType("jsonb");
        b.HasIndex(e => new { e.NodeId, e.Seq }).HasFilter("applied_at IS NULL").HasDatabaseName("ix_field_events_unapplied");
    }
}
