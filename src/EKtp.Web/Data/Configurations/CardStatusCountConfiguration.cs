using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class CardStatusCountConfiguration : IEntityTypeConfiguration<CardStatusCount>
{
    public void Configure(EntityTypeBuilder<CardStatusCount> b)
    {
        b.ToTable("rollup_card_status");
        b.HasKey(r => new { r.VillageCode, r.ServicePointId, r.Status });
        b.Property(r => r.VillageCode).HasMaxLength(13);
    }
}
