namespace EKtp.Web.Features.HomeVisits;

/// <summary>Marker for the home-visit feature's strings (Resources/Features/HomeVisits/HomeVisitsText.en.resx).</summary>
public sealed class HomeVisitsText;
