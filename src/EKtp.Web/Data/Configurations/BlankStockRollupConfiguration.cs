using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class BlankStockRollupConfiguration : IEntityTypeConfiguration<BlankStockRollup>
{
    public void Configure(EntityTypeBuilder<BlankStockRollup> b)
    {
        b.ToTable("rollup_blank_stock_daily");
        b.HasKey(r => new { r.Day, r.ServicePointId });
    }
}
