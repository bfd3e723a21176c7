using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public sealed class FieldNodeStateConfiguration : IEntityTypeConfiguration<FieldNodeState>
{
    public void Configure(EntityTypeBuilder<FieldNodeState> b)
    {
        b.ToTable("field_node_state");
        b.HasKey(s => s.NodeId);
        b.Property(s => s.PointCode).HasMaxLength(40);
        b.Property(s => s.LastPushError).HasMaxLength(500);
    }
}
