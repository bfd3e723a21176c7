using System.ComponentModel.DataAnnotations;

namespace EKtp.Web.Features.MobileUnits;

public class MobileUnitsOptions
{
    public const string Section = "MobileUnits";

    /// <summary>A group must have at least this many residents who need recording to ask for a visit.</summary>
    [Range(1, 500)]
    public int MinimumGroupSize { get; set; } = 15;

    /// <summary>Preferred dates must be at least this many days ahead (time to plan the route and tell the nagari).</summary>
    [Range(0, 60)]
    public int MinimumNoticeDays { get; set; } = 3;

    [Range(7, 365)]
    public int MaximumDaysAhead { get; set; } = 90;
}
