using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.RegencyCode).HasMaxLength(5);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Role).HasMaxLength(32);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.SubjectType).HasMaxLength(64);
        b.Property(a => a.SubjectId).HasMaxLength(64);
        b.Property(a => a.Reason).IsFreeText(300);
        b.Property(a => a.ClientAddress).HasMaxLength(64);
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.SubjectNikHash);
        b.HasIndex(a => new { a.UserId, a.At });
    }
}
