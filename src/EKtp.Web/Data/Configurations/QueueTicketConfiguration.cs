using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class QueueTicketConfiguration : IEntityTypeConfiguration<QueueTicket>
{
    public void Configure(EntityTypeBuilder<QueueTicket> b)
    {
        b.Property(t => t.RegencyCode).HasMaxLength(5);
        b.Ignore(t => t.Label);
        b.Property(t => t.ProvisionalCode).HasMaxLength(16);
        b.Property(t => t.StatusCode).HasMaxLength(16);
        b.Property(t => t.Phone).HasMaxLength(16);
        b.HasIndex(t => t.StatusCode).IsUnique();
        b.HasIndex(t => new { t.ServicePointId, t.ServiceDate, t.Series, t.Number }).IsUnique();
        b.HasIndex(t => t.AppointmentId).IsUnique();
        b.HasIndex(t => new { t.ServicePointId, t.ServiceDate, t.Status, t.OrderAt });
        b.HasOne(t => t.Appointment).WithMany().HasForeignKey(t => t.AppointmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(t => t.ServicePointId).OnDelete(DeleteBehavior.Restrict);
    }
}
