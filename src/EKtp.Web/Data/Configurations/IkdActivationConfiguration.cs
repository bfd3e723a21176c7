using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class IkdActivationConfiguration : IEntityTypeConfiguration<IkdActivation>
{
    public void Configure(EntityTypeBuilder<IkdActivation> b)
    {
        b.Property(a => a.RegencyCode).HasMaxLength(5);
        b.Property(a => a.VillageCode).HasMaxLength(13);
        b.Property(a => a.Note).IsFreeText(500);
        // One outcome per ticket: a double submit, or two counters on one ticket, log it once.
        b.HasIndex(a => a.QueueTicketId).IsUnique();
        b.HasIndex(a => new { a.ServicePointId, a.At });
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(a => a.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<QueueTicket>().WithMany().HasForeignKey(a => a.QueueTicketId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_ikd_activations_reason",
            $"(outcome = {SqlNames.List([IkdOutcome.Failed])}) = (reason IS NOT NULL)"));
    }
}
