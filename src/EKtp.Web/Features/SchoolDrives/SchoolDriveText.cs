namespace EKtp.Web.Features.SchoolDrives;

/// <summary>The key for the school drives' own strings (English in Resources/Features/SchoolDrives).</summary>
public sealed class SchoolDriveText;
