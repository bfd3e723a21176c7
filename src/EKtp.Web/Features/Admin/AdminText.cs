namespace EKtp.Web.Features.Admin;

/// <summary>Marker for the strings of administration, staff accounts, two-factor sign-in, the audit trail and "my data".</summary>
public sealed class AdminText;
