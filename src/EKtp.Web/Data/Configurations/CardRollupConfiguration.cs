using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class CardRollupConfiguration : IEntityTypeConfiguration<CardRollup>
{
    public void Configure(EntityTypeBuilder<CardRollup> b)
    {
        b.ToTable("rollup_cards_daily");
        b.HasKey(r => new { r.Day, r.VillageCode, r.ServicePointId, r.Status });
        b.Property(r => r.VillageCode).HasMaxLength(13);
        b.HasIndex(r => new { r.VillageCode, r.ServicePointId });
    }
}
