using EKtp.Web.Domain;

namespace EKtp.Web.Infrastructure.Notifications;

/// <summary>
/// The Indonesian texts residents receive. Each fits one SMS (160 characters) where the place name allows, carries
/// the booking code (never a NIK or a name), and says what to do next.
/// </summary>
public static class NotificationTexts
{
    private static string When(DateTimeOffset instant) => WibText.InMessage(instant);

    public static string BookingConfirmed(string code, DateTimeOffset start, string place, SiteOptions site) =>
        $"EKtp: Janji {code} {When(start)} di {place}. Bawa KK. Ubah/batal: {site.Link("/booking/manage")}";

    public static string Rescheduled(string code, DateTimeOffset start, string place, SiteOptions site) =>
        $"EKtp: Janji {code} dipindah ke {When(start)} di {place}. Bawa KK. Ubah/batal: {site.Link("/booking/manage")}";

    public static string Cancelled(string code, SiteOptions site) =>
        $"EKtp: Janji {code} sudah dibatalkan. Bila masih perlu, buat janji baru di {site.Link("/booking")} atau datang langsung ke kantor.";

    public static string Reminder(string code, DateTimeOffset start, string place, SiteOptions site) =>
        $"EKtp: Pengingat janji {code} besok {When(start)} di {place}. Bawa KK. Cek layanan: {site.Link(MyAppointment)}";

    public static string Affected(string code, DateTimeOffset start, string place, DisruptionKind kind, SiteOptions site) =>
        $"EKtp: Janji {code} {When(start)} di {place} terganggu ({KindWord(kind)}). Pindah jadwal: {site.Link(MyAppointment)}";

    public static string StopCancelled(string code, DateTimeOffset start, string place, SiteOptions site) =>
        $"EKtp: Kunjungan mobil keliling {When(start)} di {place} dibatalkan. Janji {code}: pindah jadwal di {site.Link(MyAppointment)}";

    public static string ScheduleChanged(string code, DateTimeOffset start, string place, SiteOptions site) =>
        $"EKtp: Jadwal layanan di {place} berubah; janji {code} {When(start)} tidak dapat dilayani. Pindah jadwal: {site.Link(MyAppointment)}";

    public static string StopChanged(string code, DateTimeOffset start, string place, SiteOptions site) =>
        $"EKtp: Jadwal mobil keliling berubah. Janji {code}: {When(start)} di {place}. Cek: {site.Link("/booking/manage")}";

    /// <summary>Fits walk-ins too: they never had a slip, so the text asks only for what everyone has (issue 14, item 6).</summary>
    public static string CardReady(string place, SiteOptions site) =>
        $"EKtp: KTP-el Anda sudah bisa diambil di {place}. Bawa KK; sidik jari diperiksa saat penyerahan. Cek status: {site.Link("/status")}";

    public static string VisitApproved(DateOnly date, TimeOnly start, string place, SiteOptions site) =>
        $"EKtp: Permintaan jemput bola disetujui. Mobil keliling datang {WibText.InMessage(date)} {WibText.Clock(start)} di {place}. Warga dapat buat janji di {site.Link("/booking")}";

    /// <summary>The reason is staff's free text: a NIK or KK number typed into it is masked here too, before it leaves in an SMS.</summary>
    public static string VisitDeclined(string reason, SiteOptions site) =>
        $"EKtp: Permintaan kunjungan mobil keliling belum dapat dipenuhi: {Trim(FreeText.MaskNumbers(reason), 200)} Info: {site.Link(MobileVisit)}";

    private const string MyAppointment = "/service-status/my-appointment";
    private const string MobileVisit = "/mobile-visit";

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
