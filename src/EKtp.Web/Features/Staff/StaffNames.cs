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

    public static string Of(CardStatus s) => CardTransitions.Name(s);
}
