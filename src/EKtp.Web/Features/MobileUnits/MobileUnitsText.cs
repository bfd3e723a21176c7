namespace EKtp.Web.Features.MobileUnits;

/// <summary>Marker for the mobile-unit feature's strings (Resources/Features/MobileUnits/MobileUnitsText.en.resx).</summary>
public sealed class MobileUnitsText;
