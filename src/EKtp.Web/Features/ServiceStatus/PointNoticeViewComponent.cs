using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.ServiceStatus;

/// <summary>
/// On the queue page and the waiting-room board: what is declared for the point today and tomorrow (a disruption, one
/// planned, a closure), as /service-status says it. At a field node the district's declarations arrive by replication
/// (decision 1220), so the counter learns of "server pusat gangguan" or tomorrow's closure where it works. Nothing when
/// nothing is declared.
/// </summary>
public sealed class PointNoticeViewComponent(ServiceStatusReader status) : ViewComponent
{
    public const string Name = "PointNotice";

    public async Task<IViewComponentResult> InvokeAsync(string pointCode)
    {
        var points = await status.ReadAsync(HttpContext.RequestAborted, pointCode);
        var declared = points.Any(p => p.Disruption is not null || p.Upcoming is not null || p.ClosedReason == ClosedReason.Closure
            || p.Tomorrow?.Planned is not null || p.Tomorrow?.ClosedReason == ClosedReason.Closure);
        return declared ? View("~/Features/ServiceStatus/_PointNotice.cshtml", points) : Content("");
    }
}
