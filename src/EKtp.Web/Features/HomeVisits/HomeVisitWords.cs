using EKtp.Web.Domain;

namespace EKtp.Web.Features.HomeVisits;

/// <summary>The Indonesian words (resource keys) for a home visit's reason.</summary>
public static class HomeVisitWords
{
    public static string Reason(HomeVisitReason reason) => reason switch
    {
        HomeVisitReason.Elderly => "Lanjut usia",
        HomeVisitReason.Disability => "Penyandang disabilitas",
        HomeVisitReason.Sick => "Sakit atau terbaring di tempat tidur",
        _ => "Alasan lain",
    };
}
