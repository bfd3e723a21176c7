using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EKtp.Web.Data.Configurations;

public class ServicePointClosureConfiguration : IEntityTypeConfiguration<ServicePointClosure>
{
    public void Configure(EntityTypeBuilder<ServicePointClosure> b)
    {
        b.ToTable("closures", t => t.HasCheckConstraint("ck_closures_range", "\"to\" >= \"from\""));
        b.Property(c => c.Reason).IsFreeText(300);
        b.HasIndex(c => new { c.ServicePointId, c.From });
    }
}
