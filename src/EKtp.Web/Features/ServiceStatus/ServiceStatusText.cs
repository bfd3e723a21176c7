namespace EKtp.Web.Features.ServiceStatus;

/// <summary>Marker for the service-status pages' strings (Resources/Features/ServiceStatus/ServiceStatusText.en.resx).</summary>
public sealed class ServiceStatusText;
