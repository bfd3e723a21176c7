using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class RecordingRollupConfiguration : IEntityTypeConfiguration<RecordingRollup>
{
    public void Configure(EntityTypeBuilder<RecordingRollup> b)
    {
        b.ToTable("rollup_recordings_daily");
        b.HasKey(r => new { r.Day, r.VillageCode, r.ServicePointId });
        b.Property(r => r.VillageCode).HasMaxLength(13);
        b.HasIndex(r => new { r.VillageCode, r.Day });
    }
}
