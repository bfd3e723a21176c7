using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.HomeVisits;

/// <summary>A home visit planned into a mobile-unit day, as the stops page lists it (name masked).</summary>
public sealed record StopHomeVisit(Guid Id, Guid StopId, string Reference, string MaskedName, string Village, HomeVisitStatus Status);

/// <summary>The home visits of some mobile-unit days, for <c>/admin/mobile-stops</c>: one query for the page.</summary>
public static class StopHomeVisits
{
    public static async Task<ILookup<Guid, StopHomeVisit>> ReadAsync(EKtpDbContext db, IReadOnlyCollection<Guid> stopIds, CancellationToken ct)
    {
        var rows = await db.HomeVisitRequests.AsNoTracking()
            .Where(r => r.MobileStopId != null && stopIds.Contains(r.MobileStopId.Value)
                && (r.Status == HomeVisitStatus.Scheduled || r.Status == HomeVisitStatus.Done))
            .OrderBy(r => r.CreatedAt)
            .Join(db.Regions, r => r.VillageCode, v => v.Code, (r, v) => new { r.Id, StopId = r.MobileStopId!.Value, r.Reference, r.ResidentName, v.Name, r.Status })
            .ToListAsync(ct);
        return rows.Select(x => new StopHomeVisit(x.Id, x.StopId, x.Reference, Masking.MaskName(x.ResidentName), x.Name, x.Status))
            .ToLookup(x => x.StopId);
    }
}
