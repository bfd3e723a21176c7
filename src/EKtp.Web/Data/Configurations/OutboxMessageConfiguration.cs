using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.Property(m => m.RegencyCode).HasMaxLength(5);
        b.Property(m => m.Kind).HasMaxLength(40);
        b.Property(m => m.DedupKey).HasMaxLength(120);
        b.Property(m => m.Recipient).HasMaxLength(200);
        b.Property(m => m.Body).HasMaxLength(1000);
        b.Property(m => m.LastError).HasMaxLength(500);
        b.HasIndex(m => m.DedupKey).IsUnique();
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
