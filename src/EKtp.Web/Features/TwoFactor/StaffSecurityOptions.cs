namespace EKtp.Web.Features.TwoFactor;

public class StaffSecurityOptions
{
    public const string Section = "StaffSecurity";

    /// <summary>
    /// Admin and Head must sign in with an authenticator app; until they have enrolled, every staff page sends them
    /// to enrolment. Only test hosts that do not exercise two-factor turn this off.
    /// </summary>
    public bool RequireTwoFactorForAdminAndHead { get; set; } = true;
}
