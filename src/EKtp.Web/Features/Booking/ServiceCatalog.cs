using EKtp.Web.Domain;

namespace EKtp.Web.Features.Booking;

/// <summary>The four services a resident can book, with what each must bring (shared/data/README.md). Texts are localizer keys.</summary>
public static class ServiceCatalog
{
    public sealed record Entry(ServiceType Type, string Name, string Documents);

    public static readonly IReadOnlyList<Entry> All =
    [
        new(ServiceType.NewRecording, "Perekaman baru", "Kartu Keluarga (KK)."),
        new(ServiceType.ReplacementLost, "Pengganti kartu hilang", "Surat keterangan kehilangan dari kepolisian dan KK."),
        new(ServiceType.ReplacementDamaged, "Pengganti kartu rusak", "KTP-el yang rusak dan KK."),
        new(ServiceType.DataChange, "Perubahan data", "KK terbaru dan dokumen pendukung perubahan."),
    ];

    public static Entry Of(ServiceType type) => All.Single(e => e.Type == type);
}
