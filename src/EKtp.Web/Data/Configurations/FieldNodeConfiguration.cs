using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public sealed class FieldNodeConfiguration : IEntityTypeConfiguration<FieldNode>
{
    public void Configure(EntityTypeBuilder<FieldNode> b)
    {
        b.HasKey(n => n.NodeId);
        b.Property(n => n.PointCode).HasMaxLength(40);
        b.Property(n => n.LastError).HasMaxLength(500);
    }
}
