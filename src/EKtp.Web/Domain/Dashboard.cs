namespace EKtp.Web.Domain;

/// <summary>One upload of population targets: who imported which file, and when. Its rows are the targets.</summary>
public class PopulationTargetImport : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public required string FileName { get; set; }
    public int Rows { get; set; }
    public Guid ImportedById { get; set; }
    public string ImportedByName { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
}

// The rollups below are derived data: RollupJob writes them from the raw tables, the dashboard only reads them.
// Their size grows with regions, service points and days, never with the number of residents.

/// <summary>Recordings per nagari of domicile, service point and WIB day.</summary>
public class RecordingRollup
{
    public DateOnly Day { get; set; }
    /// <summary>The nagari code, or "" when the recording names none.</summary>
    public string VillageCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    /// <summary>First recordings (new KTP-el) that succeeded: these raise coverage.</summary>
    public int NewRecorded { get; set; }
    /// <summary>Every successful recording, replacements included.</summary>
    public int Recorded { get; set; }
    public int NotRecorded { get; set; }
    /// <summary>Successful recordings of students on a school drive (pemula).</summary>
    public int PemulaRecorded { get; set; }
}

/// <summary>Appointments per service point and slot day.</summary>
public class BookingRollup
{
    public DateOnly Day { get; set; }
    public Guid ServicePointId { get; set; }
    /// <summary>Appointments not cancelled.</summary>
    public int Booked { get; set; }
    /// <summary>Checked in, completed or seen but not recorded: the resident came.</summary>
    public int Shown { get; set; }
    public int NoShow { get; set; }
    public int Cancelled { get; set; }
}

/// <summary>Cards by the WIB day they were created, nagari, recording point and current status.</summary>
public class CardRollup
{
    public DateOnly Day { get; set; }
    public string VillageCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public CardStatus Status { get; set; }
    public int Cards { get; set; }
}

/// <summary>The current number of cards per nagari, recording point and status (the sum of <see cref="CardRollup"/> over days).</summary>
public class CardStatusCount
{
    public string VillageCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public CardStatus Status { get; set; }
    public int Cards { get; set; }
}

/// <summary>
/// Cards recorded more than <c>Dashboard:CardStuckDays</c> days ago and not printed yet, per nagari: recomputed by every
/// rollup run from <see cref="CardRollup"/>, so the today strip reads a row per nagari.
/// </summary>
public class CardStuckRollup
{
    public string VillageCode { get; set; } = "";
    public int Cards { get; set; }
}

/// <summary>Card-blank movements per service point and WIB day.</summary>
public class BlankStockRollup
{
    public DateOnly Day { get; set; }
    public Guid ServicePointId { get; set; }
    public int Received { get; set; }
    public int Used { get; set; }
    public int Spoiled { get; set; }
}

/// <summary>
/// Coverage of one region that has a population target: its newest target and the people recorded through the
/// portal (first recordings of residents of the region) since that target's as-of date.
/// </summary>
public class CoverageRollup
{
    public required string RegionCode { get; set; }
    public DateOnly AsOf { get; set; }
    public int WajibKtp { get; set; }
    public int RecordedBefore { get; set; }
    public int RecordedSince { get; set; }
    public int Covered => RecordedBefore + RecordedSince;
}

/// <summary>The job's bookmarks: how far each raw table has been read, and when the rollups were last brought up to date.</summary>
public class RollupState
{
    public required string Name { get; set; }
    public DateTimeOffset? TimeMark { get; set; }
    public Guid? IdMark { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
