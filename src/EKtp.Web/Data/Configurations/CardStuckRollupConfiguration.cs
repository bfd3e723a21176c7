using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class CardStuckRollupConfiguration : IEntityTypeConfiguration<CardStuckRollup>
{
    public void Configure(EntityTypeBuilder<CardStuckRollup> b)
    {
        b.ToTable("rollup_cards_stuck");
        b.HasKey(r => r.VillageCode);
        b.Property(r => r.VillageCode).HasMaxLength(13);
    }
}
