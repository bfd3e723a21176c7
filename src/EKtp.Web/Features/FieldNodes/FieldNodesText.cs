namespace EKtp.Web.Features.FieldNodes;

/// <summary>The localisation key for the pages around field nodes: the link banner, uploads, /admin/field-nodes.</summary>
public sealed class FieldNodesText;

/// <summary>What a review item's kind means, in the words an Admin reads on /admin/field-nodes; each is its localisation key.</summary>
public static class FieldReviewKindNames
{
    public static string Of(string kind) => kind switch
    {
        nameof(Domain.FieldReviewKind.AppointmentNotActive) => "Janji temu tidak aktif di server dinas",
        nameof(Domain.FieldReviewKind.UnknownBookingCode) => "Kode janji temu tidak dikenal server dinas",
        nameof(Domain.FieldReviewKind.CardNotCollectable) => "Kartu tidak dapat diserahkan",
        nameof(Domain.FieldReviewKind.TicketNotApplied) => "Nomor antrean tidak dapat dicatat",
        nameof(Domain.FieldReviewKind.BlankStockShort) => "Stok blangko di server dinas kurang",
        nameof(Domain.FieldReviewKind.IkdOutcomeConflict) => "Hasil aktivasi IKD bertentangan dengan server dinas",
        _ => kind,
    };
}
