using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> b)
    {
        b.Property(a => a.RegencyCode).HasMaxLength(5);
        b.Property(a => a.Code).HasMaxLength(16);
        b.Property(a => a.FullName).HasMaxLength(120);
        b.Property(a => a.Phone).HasMaxLength(20);
        b.Property(a => a.Email).HasMaxLength(200);
        b.Property(a => a.VillageCode).HasMaxLength(13);
        b.Property(a => a.CancelReason).IsFreeText(300);
        b.HasIndex(a => a.Code).IsUnique();
        b.HasIndex(a => a.IdempotencyKey).IsUnique();
        b.HasIndex(a => a.SlotId);
        b.HasIndex(a => a.NikHash);
        // One active appointment per NIK per service, whatever the concurrency.
        b.HasIndex(a => new { a.NikHash, a.Service })
            .IsUnique()
            .HasFilter($"status IN ({SqlNames.List(Appointment.ActiveStatuses)})")
            .HasDatabaseName("ux_appointments_one_active_per_nik_and_service");
        b.HasOne(a => a.Slot).WithMany().HasForeignKey(a => a.SlotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.ServicePoint).WithMany().HasForeignKey(a => a.ServicePointId).OnDelete(DeleteBehavior.Restrict);
    }
}
