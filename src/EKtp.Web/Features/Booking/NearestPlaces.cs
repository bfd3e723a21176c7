using EKtp.Web.Domain;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// Where a resident of a nagari can be served, nearest first (decision 1410). The data has no coordinates or road
/// distances, only the region tree, so "near" follows it: a jemput bola stop in the resident's own nagari, then the
/// office of the resident's own kecamatan, then the district office (DPKS, which prints cards). Everything else follows
/// under "other places" in the usual order.
/// </summary>
public static class NearestPlaces
{
    public sealed record Choice(IReadOnlyList<StopOption> Stops, IReadOnlyList<OfficeChoice> Offices);

    public static Choice For(VillageOption village, IReadOnlyList<OfficeChoice> offices, IReadOnlyList<StopOption> stops) =>
        new(stops.Where(s => s.VillageCode == village.Code).OrderBy(s => s.Date).ThenBy(s => s.Start).ToList(),
            offices.Where(o => o.RegionCode == village.KecamatanCode && o.Kind == ServicePointKind.KecamatanOffice)
                .Concat(offices.Where(o => o.Kind == ServicePointKind.DistrictOffice)).ToList());
}
