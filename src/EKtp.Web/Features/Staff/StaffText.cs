namespace EKtp.Web.Features.Staff;

/// <summary>The localisation key for the staff area (queue, display board, card pipeline, blank stock).</summary>
public sealed class StaffText;
