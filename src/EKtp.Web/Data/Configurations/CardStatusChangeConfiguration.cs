using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class CardStatusChangeConfiguration : IEntityTypeConfiguration<CardStatusChange>
{
    public void Configure(EntityTypeBuilder<CardStatusChange> b)
    {
        b.Property(h => h.Note).IsFreeText(300);
        b.HasIndex(h => new { h.CardId, h.At });
    }
}
