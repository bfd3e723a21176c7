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
        {
            if (entry.State != EntityState.Added) continue;
            switch (entry.Entity)
            {
                case IRegencyScoped { RegencyCode: "" } scoped: scoped.RegencyCode = tenant.Value.RegencyCode; break;
                case AuditEntry { RegencyCode: "" } audit: audit.RegencyCode = tenant.Value.RegencyCode; break;
                case StaffUser { RegencyCode: "" } user: user.RegencyCode = tenant.Value.RegencyCode; break;
            }
        }
    }
}
