using EKtp.Web.Domain;

namespace EKtp.Web.Infrastructure.Notifications;

/// <summary>
/// The Indonesian texts residents receive. Each fits one SMS (160 characters) where the place name allows, carries
/// the booking code (never a NIK or a name), and says what to do next.
/// </summary>
public static class NotificationTexts
{
    private static readonly string[] Days = ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"];

    /// <summary><c>Sel 02/03 08:00</c>: short and the same on every phone.</summary>
    public static string When(DateTimeOffset instant)
    {
        var w = instant.ToWib();
        return $"{Days[(int)w.DayOfWeek]} {w:dd'/'MM} {w:HH':'mm}";
    }

    public static string Date(DateOnly date) => $"{Days[(int)date.DayOfWeek]} {date:dd'/'MM'/'yyyy}";

    public static string BookingConfirmed(string code, DateTimeOffset start, string place, string site) =>
        $"EKtp: Janji {code} {When(start)} di {place}. Bawa KK. Ubah/batal: {site}/booking/manage";

    public static string Reminder(string code, DateTimeOffset start, string place, string site) =>
        $"EKtp: Pengingat janji {code} besok {When(start)} di {place}. Bawa KK. Cek layanan: {site}/service-status";

    public static string Affected(string code, DateTimeOffset start, string place, DisruptionKind kind, string site) =>
        $"EKtp: Janji {code} {When(start)} di {place} terganggu ({KindWord(kind)}). Pindah jadwal: {site}/service-status/my-appointment";

    public static string StopCancelled(string code, DateTimeOffset start, string place, string site) =>
        $"EKtp: Kunjungan mobil keliling {When(start)} di {place} dibatalkan. Janji {code}: pindah jadwal di {site}/service-status/my-appointment";

    public static string ScheduleChanged(string code, DateTimeOffset start, string place, string site) =>
        $"EKtp: Jadwal layanan di {place} berubah; janji {code} {When(start)} tidak dapat dilayani. Pindah jadwal: {site}/service-status/my-appointment";

    public static string StopChanged(string code, DateTimeOffset start, string place) =>
        $"EKtp: Jadwal mobil keliling berubah. Janji {code}: {When(start)} di {place}.";

    public static string CardReady(string place) => $"EKtp: KTP-el Anda siap diambil di {place}. Bawa KK dan bukti perekaman.";

    public static string VisitApproved(DateOnly date, TimeOnly start, string place, string site) =>
        $"EKtp: Permintaan jemput bola disetujui. Mobil keliling datang {Date(date)} {start:HH':'mm} di {place}. Warga dapat buat janji di {site}/booking";

    public static string VisitDeclined(string reason) => Trim($"EKtp: Permintaan kunjungan mobil keliling belum dapat dipenuhi: {reason}", 300);

    public static string KindWord(DisruptionKind kind) => kind switch
    {
        DisruptionKind.Network => "jaringan putus",
        DisruptionKind.CentralServer => "server pusat bermasalah",
        DisruptionKind.Power => "listrik padam",
        DisruptionKind.Equipment => "alat rusak",
        DisruptionKind.ScheduleChange => "jadwal berubah",
        DisruptionKind.MobileStopCancelled => "kunjungan batal",
        _ => "blangko habis",
    };

    private static string Trim(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
