namespace EKtp.Web.Features.Disruptions;

/// <summary>Marker for the disruption feature's localized strings (Resources/Features/Disruptions/DisruptionsText.en.resx).</summary>
public sealed class DisruptionsText;
