namespace EKtp.Web.Features.TwoFactor;

public class StaffSecurityOptions
{
    public const string Section = "StaffSecurity";

    /// <summary>
    /// Admin and Head must sign in with an authenticator app; until they have enrolled, every staff page sends them
    /// to enrolment. Only test hosts that do not exercise two-factor turn this off.
    /// </summary>
    public bool RequireTwoFactorForAdminAndHead { get; set; } = true;

    /// <summary>A staff session ends this long after sign-in, however active (besides the 30-minute idle limit).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 72)]
    public int SessionHours { get; set; } = 8;

    /// <summary>Wrong passwords an account (or an email that has none) may have in 24 hours before each try must wait.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int FreeSignInAttempts { get; set; } = 5;

    /// <summary>The first wait after the free attempts; each further failure doubles it, up to <see cref="MaxSignInDelayMinutes"/>.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int SignInDelaySeconds { get; set; } = 30;

    [System.ComponentModel.DataAnnotations.Range(1, 1440)]
    public int MaxSignInDelayMinutes { get; set; } = 15;
}
