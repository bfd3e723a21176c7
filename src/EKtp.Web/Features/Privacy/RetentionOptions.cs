using System.ComponentModel.DataAnnotations;

namespace EKtp.Web.Features.Privacy;

public class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// Days after a finished appointment's slot ends before its personal data is erased. The default, one year,
    /// covers complaints and the yearly coverage report; see docs/privacy.md.
    /// </summary>
    [Range(30, 3650)]
    public int AppointmentDays { get; set; } = 365;
}
