using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class ScheduleSessionConfiguration : IEntityTypeConfiguration<ScheduleSession>
{
    public void Configure(EntityTypeBuilder<ScheduleSession> b)
    {
        b.Property(s => s.DayOfWeek).HasConversion<int>();
        b.HasIndex(s => new { s.ServicePointId, s.DayOfWeek });
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_schedule_sessions_span", "\"end\" > start");
            t.HasCheckConstraint("ck_schedule_sessions_slot", "slot_minutes BETWEEN 5 AND 240 AND capacity_per_slot BETWEEN 1 AND 500");
        });
    }
}
