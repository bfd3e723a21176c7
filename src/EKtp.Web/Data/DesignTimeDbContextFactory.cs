using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EKtp.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the portal or reaching a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<EKtpDbContext>
{
    public EKtpDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<EKtpDbContext>()
        .UseNpgsql("Host=127.0.0.1;Database=ektp_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
