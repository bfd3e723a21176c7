using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class BookingRollupConfiguration : IEntityTypeConfiguration<BookingRollup>
{
    public void Configure(EntityTypeBuilder<BookingRollup> b)
    {
        b.ToTable("rollup_bookings_daily");
        b.HasKey(r => new { r.Day, r.ServicePointId });
    }
}
