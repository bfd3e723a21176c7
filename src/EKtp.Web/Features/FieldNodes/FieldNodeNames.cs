using EKtp.Web.Domain;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// The Indonesian names /admin/field-nodes shows for the engine's identifiers (review-item kinds, their subjects, a
/// replication slot's WAL state); each is also its localisation key. Null for one this list does not know yet (a kind
/// added later): the page then says "Perkara lain" rather than the identifier, and a test fails until it is named here.
/// </summary>
public static class FieldNodeNames
{
    public const string OtherKind = "Perkara lain";

    public static string? Of(FieldReviewKind kind) => kind switch
    {
        FieldReviewKind.AppointmentNotActive => "Janji temu sudah tidak aktif di server dinas",
        FieldReviewKind.UnknownBookingCode => "Kode janji tidak dikenal server dinas",
        FieldReviewKind.CardNotCollectable => "Kartu tidak dapat diserahkan",
        FieldReviewKind.TicketNotApplied => "Nomor antrean tidak dapat dicatat",
        FieldReviewKind.BlankStockShort => "Stok blangko di server dinas kurang",
        FieldReviewKind.IkdOutcomeConflict => "Hasil aktivasi IKD bertentangan dengan server dinas",
        FieldReviewKind.UnknownEventKind => "Jenis peristiwa belum dikenal server dinas",
        _ => null,
    };

    /// <summary>A kind as the review list carries it (its name): "Perkara lain" for a name this list does not know.</summary>
    public static string OfKind(string kind) =>
        (Enum.TryParse<FieldReviewKind>(kind, out var k) ? Of(k) : null) ?? OtherKind;

    /// <summary>The <c>subject_type</c> the applier writes ("appointment", "ticket", "card", "blank-stock", "event").</summary>
    public static string OfSubject(string subjectType) => subjectType switch
    {
        "appointment" => "Janji temu",
        "ticket" => "Tiket antrean",
        "card" => "Kartu",
        "blank-stock" => "Catatan stok blangko",
        "event" => "Peristiwa node",
        _ => "Data",
    };

    /// <summary>PostgreSQL's <c>pg_replication_slots.wal_status</c>; null or absent: the node has no slot yet.</summary>
    public static string OfSlot(string? walStatus) => walStatus switch
    {
        "reserved" => "normal",
        "extended" => "normal (melebihi ukuran WAL biasa)",
        "unreserved" => "hampir hilang: node lama tidak terhubung",
        "lost" => "hilang: node menyalin ulang",
        null => "belum ada",
        _ => "tidak diketahui",
    };
}
