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
        [CardStatus.SentForEnrollment] = [CardStatus.PrintReady, CardStatus.EnrollmentFailed, CardStatus.DuplicateRecord, CardStatus.WaitingForAge],
        // A pemula recorded at 16 is enrolled like anyone, then waits for the 17th birthday before printing.
        [CardStatus.WaitingForAge] = [CardStatus.PrintReady],
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

    /// <summary>The statuses that lead to a printed card (or a SUKET in its place): none of them before the 17th birthday.</summary>
    private static readonly CardStatus[] TowardsPrinting = [CardStatus.PrintReady, CardStatus.Printed, CardStatus.SuketIssued];

    /// <summary>
    /// Whether a card may make this move today, the one rule every mover asks (decision 1534): the table of legal moves,
    /// and the age rule of a pemula's card (<see cref="Card.PrintableFrom"/>, the 17th birthday): before that day it may not
    /// become print-ready, printed or replaced by a SUKET, it waits in <see cref="CardStatus.WaitingForAge"/>; from that day
    /// (the birthday itself included) it moves on to printing. A card with nothing to wait for cannot be put to wait.
    /// </summary>
    public static CardMoveRefusal Refusal(CardStatus from, CardStatus to, DateOnly? printableFrom, DateOnly today)
    {
        if (!IsAllowed(from, to)) return CardMoveRefusal.NotAllowed;
        var tooYoung = printableFrom is { } day && today < day;
        if (tooYoung && TowardsPrinting.Contains(to)) return CardMoveRefusal.BeforeSeventeenthBirthday;
        if (to == CardStatus.WaitingForAge && !tooYoung) return CardMoveRefusal.NothingToWaitFor;
        return CardMoveRefusal.None;
    }

    /// <summary>The day a resident born on <paramref name="birthDate"/> turns 17 (29 February: 28 February of that year).</summary>
    public static DateOnly SeventeenthBirthday(DateOnly birthDate) => birthDate.AddYears(17);

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
        CardStatus.WaitingForAge => "Menunggu usia 17 tahun",
        _ => status.ToString(),
    };
}

public enum CardMoveRefusal { None, NotAllowed, BeforeSeventeenthBirthday, NothingToWaitFor }

/// <summary>
/// The card-blank balance of a service point. The ledger (<see cref="BlankStockEntry"/>) says why it moved; this row
/// is what concurrent printing decrements, with one conditional UPDATE and a CHECK (balance &gt;= 0) behind it.
/// </summary>
public class BlankStockBalance
{
    public Guid ServicePointId { get; set; }
    public int Balance { get; set; }
}
