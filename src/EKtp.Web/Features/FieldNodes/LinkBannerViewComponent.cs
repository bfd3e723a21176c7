using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// The line on every staff page at a field node: connected and everything sent, or since when the link to the
/// district is down and how many changes wait; a warning (the node keeps serving) once the backlog passes its limits.
/// Nothing at the hub.
/// </summary>
public sealed class LinkBannerViewComponent(IOptions<SiteOptions> site, IFieldNodeStatus status) : ViewComponent
{
    public const string Name = "LinkBanner";

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!site.Value.IsNode) return Content("");
        var link = await status.ReadNodeAsync(HttpContext.RequestAborted);
        return link is null ? Content("") : View("~/Features/FieldNodes/_LinkBanner.cshtml", link);
    }
}
