using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>Stamps this deployment's regency code on every new tenant row that does not name one.</summary>
public sealed class RegencyStampInterceptor(IOptions<TenantOptions> tenant) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
            if (entry.State == EntityState.Added) Stamp(entry.Entity, tenant.Value.RegencyCode);
    }

    /// <summary>The stamp of one new row, for a row written without SaveChanges (the booking's single statement).</summary>
    public static void Stamp(object entity, string regencyCode)
    {
        switch (entity)
        {
            case IRegencyScoped { RegencyCode: "" } scoped: scoped.RegencyCode = regencyCode; break;
            case AuditEntry { RegencyCode: "" } audit: audit.RegencyCode = regencyCode; break;
            case StaffUser { RegencyCode: "" } user: user.RegencyCode = regencyCode; break;
        }
    }
}
