namespace EKtp.Web.Domain;

/// <summary>
/// The card pipeline as the offices publish it, as a table of legal moves. Everything that moves a card asks
/// <see cref="IsAllowed"/> first; a move not in the table is refused.
/// </summary>
public static class CardTransitions
{
    private static readonly Dictionary<CardStatus, CardStatus[]> Next = new()
    {
        [CardStatus.Recorded] = [CardStatus.SentForEnrollment, CardStatus.DuplicateRecord],
        [CardStatus.SentForEnrollment] = [CardStatus.PrintReady, CardStatus.EnrollmentFailed, CardStatus.DuplicateRecord],
        // A print-ready card waits for a blank; while blanks are out the resident gets a SUKET instead.
        [CardStatus.PrintReady] = [CardStatus.Printed, CardStatus.SuketIssued],
        [CardStatus.SuketIssued] = [CardStatus.Printed],
        [CardStatus.Printed] = [CardStatus.AtCollectionPoint],
        [CardStatus.AtCollectionPoint] = [CardStatus.Collected],
        [CardStatus.Collected] = [],
        // A failure at the centre is fixed and the record sent again; a duplicate, once cleared, is sent again too.
        [CardStatus.EnrollmentFailed] = [CardStatus.SentForEnrollment],
        [CardStatus.DuplicateRecord] = [CardStatus.SentForEnrollment],
    };

    public static bool IsAllowed(CardStatus from, CardStatus to) => Next[from].Contains(to);

    public static IReadOnlyList<CardStatus> From(CardStatus from) => Next[from];

    /// <summary>How long a SUKET (temporary certificate) is valid.</summary>
    public static readonly int SuketValidMonths = 6;

    /// <summary>The Indonesian name of a status, as staff and residents read it (also the localisation key).</summary>
    public static string Name(CardStatus status) => status switch
    {
        CardStatus.Recorded => "Sudah direkam",
        CardStatus.SentForEnrollment => "Dikirim ke pusat",
        CardStatus.PrintReady => "Siap cetak (PRR)",
        CardStatus.Printed => "Sudah dicetak",
        CardStatus.AtCollectionPoint => "Di tempat pengambilan",
        CardStatus.Collected => "Sudah diambil",
        CardStatus.DuplicateRecord => "Data ganda",
        CardStatus.EnrollmentFailed => "Gagal di pusat",
        CardStatus.SuketIssued => "Suket diterbitkan",
        _ => status.ToString(),
    };
}

/// <summary>
/// The card-blank balance of a service point. The ledger (<see cref="BlankStockEntry"/>) says why it moved; this row
/// is what concurrent printing decrements, with one conditional UPDATE and a CHECK (balance &gt;= 0) behind it.
/// </summary>
public class BlankStockBalance
{
    public Guid ServicePointId { get; set; }
    public int Balance { get; set; }
}
