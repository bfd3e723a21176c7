using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class BlankStockEntryConfiguration : IEntityTypeConfiguration<BlankStockEntry>
{
    public void Configure(EntityTypeBuilder<BlankStockEntry> b)
    {
        b.ToTable("blank_stock_entries", t => t.HasCheckConstraint("ck_blank_stock_entries_quantity", "quantity > 0"));
        b.Property(e => e.RegencyCode).HasMaxLength(5);
        b.Property(e => e.Note).IsFreeText(300);
        b.HasIndex(e => new { e.ServicePointId, e.At });
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(e => e.ServicePointId).OnDelete(DeleteBehavior.Restrict);
    }
}
