using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// The services a resident can book, with what each must bring (shared/data/README.md); the documents are
/// localizer keys, the service's name is <see cref="AppointmentWords"/>'.
/// </summary>
public static class ServiceCatalog
{
    public sealed record Entry(ServiceType Type, string Documents);

    public static readonly IReadOnlyList<Entry> All =
    [
        new(ServiceType.NewRecording, "Kartu Keluarga (KK)."),
        new(ServiceType.ReplacementLost, "Surat keterangan kehilangan dari kepolisian dan KK."),
        new(ServiceType.ReplacementDamaged, "KTP-el yang rusak dan KK."),
        new(ServiceType.DataChange, "KK terbaru dan dokumen pendukung perubahan."),
        // Issue 15: the digital ID is activated on the resident's own phone, so the phone and its number come along.
        new(ServiceType.IkdActivation, "KTP-el asli dan ponsel pintar (Android atau iPhone) dengan nomor HP dan surel yang aktif."),
    ];

    public static Entry Of(ServiceType type) => All.Single(e => e.Type == type);
}
