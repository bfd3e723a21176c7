using EKtp.Web.Domain;

namespace EKtp.Web.Features.Disruptions;

/// <summary>
/// The Indonesian name of each disruption kind, used as a localizer key (English in DisruptionsText.en.resx).
/// Keys must be the Indonesian text: a key such as "Gangguan.Network" would be shown as is to Indonesian readers.
/// </summary>
public static class DisruptionWords
{
    public static string Of(DisruptionKind kind) => kind switch
    {
        DisruptionKind.Network => "Jaringan terputus",
        DisruptionKind.CentralServer => "Server pusat bermasalah",
        DisruptionKind.Power => "Listrik padam",
        DisruptionKind.Equipment => "Peralatan rusak",
        DisruptionKind.NoCardBlanks => "Blangko KTP-el habis",
        DisruptionKind.ScheduleChange => "Jadwal layanan berubah",
        _ => "Kunjungan dibatalkan",
    };

    public static string Status(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Booked => "Terjadwal",
        AppointmentStatus.CheckedIn => "Sudah hadir",
        AppointmentStatus.Completed => "Selesai",
        AppointmentStatus.NotRecorded => "Belum terekam",
        AppointmentStatus.NoShow => "Tidak hadir",
        _ => "Dibatalkan",
    };
}
