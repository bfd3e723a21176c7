using System.ComponentModel.DataAnnotations;

namespace EKtp.Web.Features.Dashboard;

public class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// The longest one statement of a rollup run may take before it is cancelled and the run rolled back (releasing
    /// its lock). A full rebuild of a regency's ten years takes well under a minute (docs/benchmarks.md).
    /// </summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Each run reads again what changed this many minutes before its last bookmark, so rows from transactions that
    /// committed late (with an earlier timestamp or id) are not missed. Re-reading is harmless: days are recomputed whole.
    /// </summary>
    [Range(0, 1440)]
    public int OverlapMinutes { get; set; } = 10;

    /// <summary>
    /// Appointment statuses (no-show, completed) change without a timestamp, so the booking days from this many days
    /// back to the end of the booking window are recomputed on every run.
    /// </summary>
    [Range(0, 120)]
    public int RecentDays { get; set; } = 14;

    /// <summary>
    /// The dashboard alerts on a recording the district server has not acknowledged this many days after it was made
    /// (a field node's recordings that never arrived: the Jepara case), and on a field node silent for as long.
    /// </summary>
    [Range(1, 60)]
    public int RecordingUploadAlertDays { get; set; } = 2;

    /// <summary>The WIB hour after which the job does its nightly full rebuild (catches anything the bookmarks cannot see).</summary>
    [Range(0, 23)]
    public int NightlyRebuildHour { get; set; } = 2;

    /// <summary>The coverage every region should reach (percent of wajib KTP): the line on the chart, the "met" band.</summary>
    [Range(1, 100)]
    public double CoverageTargetPercent { get; set; } = 95;

    /// <summary>Below this coverage (percent) a region is far from the target: the red band.</summary>
    [Range(0, 100)]
    public double CoverageLowPercent { get; set; } = 80;

    /// <summary>The today strip counts cards recorded more than this many days ago and not printed yet as stuck.</summary>
    [Range(1, 365)]
    public int CardStuckDays { get; set; } = 14;
}
