using System.ComponentModel.DataAnnotations;

namespace EKtp.Web.Features.Queue;

public class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>
    /// Call one walk-in after this many booked residents in a row; 0 calls every checked-in booked resident first.
    /// </summary>
    [Range(0, 50)]
    public int WalkInEvery { get; set; }

    /// <summary>A booked resident who has not checked in this many minutes after their slot ends is a no-show.</summary>
    [Range(0, 240)]
    public int NoShowGraceMinutes { get; set; } = 30;
}
