using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class BlankStockBalanceConfiguration : IEntityTypeConfiguration<BlankStockBalance>
{
    public void Configure(EntityTypeBuilder<BlankStockBalance> b)
    {
        b.HasKey(s => s.ServicePointId);
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(s => s.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_blank_stock_balances_not_negative", "balance >= 0"));
    }
}
