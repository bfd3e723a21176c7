using EKtp.Web.Domain;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Appointments;

/// <summary>The key for the words of an appointment's life; English in Resources/Features/Appointments/AppointmentText.en.resx.</summary>
public sealed class AppointmentText;

/// <summary>
/// The one vocabulary for an appointment's status, its service and the kind of disruption that affects it, on every
/// page (resident and staff) and in exports. Each word is Indonesian and is its own localizer key: a key such as
/// "Status.Booked" would be shown as is to Indonesian readers. The API's wire words are <c>ApiFormat</c>'s.
/// </summary>
public sealed class AppointmentWords(IStringLocalizer<AppointmentText> l)
{
    public static string KeyOf(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Booked => "Terjadwal",
        AppointmentStatus.CheckedIn => "Sudah hadir",
        AppointmentStatus.Completed => "Sudah direkam",
        AppointmentStatus.NotRecorded => "Belum berhasil direkam",
        AppointmentStatus.NoShow => "Tidak hadir",
        AppointmentStatus.Cancelled => "Dibatalkan",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string KeyOf(ServiceType service) => service switch
    {
        ServiceType.NewRecording => "Perekaman baru",
        ServiceType.ReplacementLost => "Pengganti kartu hilang",
        ServiceType.ReplacementDamaged => "Pengganti kartu rusak",
        ServiceType.DataChange => "Perubahan data",
        ServiceType.IkdActivation => "Aktivasi IKD (KTP digital)",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    public static string KeyOf(DisruptionKind kind) => kind switch
    {
        DisruptionKind.Network => "Jaringan terputus",
        DisruptionKind.CentralServer => "Server pusat bermasalah",
        DisruptionKind.Power => "Listrik padam",
        DisruptionKind.Equipment => "Peralatan rusak",
        DisruptionKind.NoCardBlanks => "Blangko KTP-el habis",
        DisruptionKind.MobileStopCancelled => "Kunjungan dibatalkan",
        DisruptionKind.ScheduleChange => "Jadwal layanan berubah",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public string Of(AppointmentStatus status) => l[KeyOf(status)];

    public string Of(ServiceType service) => l[KeyOf(service)];

    public string Of(DisruptionKind kind) => l[KeyOf(kind)];
}
