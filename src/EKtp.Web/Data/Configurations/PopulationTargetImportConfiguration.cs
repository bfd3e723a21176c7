using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class PopulationTargetImportConfiguration : IEntityTypeConfiguration<PopulationTargetImport>
{
    public void Configure(EntityTypeBuilder<PopulationTargetImport> b)
    {
        b.Property(i => i.RegencyCode).HasMaxLength(5);
        b.Property(i => i.FileName).HasMaxLength(200);
        b.Property(i => i.ImportedByName).HasMaxLength(200);
        b.HasIndex(i => i.ImportedAt);
        b.HasMany<PopulationTarget>().WithOne().HasForeignKey(t => t.ImportId).OnDelete(DeleteBehavior.Restrict);
    }
}
