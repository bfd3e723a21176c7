using EKtp.Web.Domain;

namespace EKtp.Web.Features.Staff;

/// <summary>The Indonesian names staff read for the queue's enums; each is also its localisation key. An appointment's
/// status and service are <c>AppointmentWords</c>'.</summary>
public static class StaffNames
{
    public static string Of(TicketStatus s) => s switch
    {
        TicketStatus.Waiting => "Menunggu",
        TicketStatus.Called => "Dipanggil",
        TicketStatus.Served => "Selesai",
        TicketStatus.Skipped => "Dilewati",
        TicketStatus.NoShow => "Tidak hadir",
        _ => s.ToString(),
    };

    public static string Of(NotRecordedReason r) => r switch
    {
        NotRecordedReason.NetworkDown => "Jaringan putus",
        NotRecordedReason.CentralServerDown => "Server pusat gangguan",
        NotRecordedReason.Equipment => "Peralatan rusak",
        NotRecordedReason.DataMismatch => "Data tidak sesuai",
        NotRecordedReason.ResidentLeft => "Warga pergi sebelum direkam",
        NotRecordedReason.Other => "Lainnya",
        _ => r.ToString(),
    };

    public static string Of(IkdFailureReason r) => r switch
    {
        IkdFailureReason.NoSmartphone => "Tidak membawa ponsel pintar",
        IkdFailureReason.PhoneNotSupported => "Ponsel tidak mendukung aplikasi IKD",
        IkdFailureReason.NoActiveEmailOrNumber => "Tidak ada nomor HP atau surel aktif",
        IkdFailureReason.DataNotFound => "Data kependudukan tidak ditemukan",
        IkdFailureReason.FaceVerificationFailed => "Verifikasi wajah gagal",
        IkdFailureReason.NetworkDown => "Jaringan putus",
        IkdFailureReason.CentralServerDown => "Server pusat gangguan",
        IkdFailureReason.ResidentLeft => "Warga pergi sebelum selesai",
        IkdFailureReason.Other => "Lainnya",
        _ => r.ToString(),
    };

    public static string Of(CardStatus s) => CardTransitions.Name(s);
}
