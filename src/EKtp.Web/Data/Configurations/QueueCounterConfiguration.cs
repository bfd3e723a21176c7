using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class QueueCounterConfiguration : IEntityTypeConfiguration<QueueCounter>
{
    public void Configure(EntityTypeBuilder<QueueCounter> b)
    {
        b.HasKey(c => new { c.ServicePointId, c.ServiceDate, c.Series });
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(c => c.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_queue_counters_last_number", "last_number >= 0"));
    }
}
