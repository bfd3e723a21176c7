using EKtp.Web.Data;
using EKtp.Web.Features.Queue;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

public sealed record QueueAtNodeView(string PointCode, string PointName, DateTimeOffset LastContactAt);

/// <summary>
/// At the hub: the queue pages of a point that has a field node (one that has pushed to this hub) answer 409 with a
/// page that sends its staff to the node. Tickets of such a point are written by its node alone (decision 1204): a
/// ticket issued or called at the hub too would give the point two queues and two numberings. Runs after the
/// authorization and point filters, so only staff who may work at the point see it.
/// </summary>
public sealed class QueueAtNodeFilter(EKtpDbContext db, IOptions<SiteOptions> site, IModelMetadataProvider metadata) : IAsyncActionFilter
{
    public const string ViewPath = "~/Features/FieldNodes/QueueAtNode.cshtml";

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (site.Value.IsNode || !context.HttpContext.Request.Path.StartsWithSegments(QueueController.Root)
            || context.RouteData.Values[FromPointCodeAttribute.RouteValue] is not string code)
        {
            await next();
            return;
        }
        var ct = context.HttpContext.RequestAborted;
        var node = await db.FieldNodes.AsNoTracking().Where(n => n.PointCode == code).OrderByDescending(n => n.LastContactAt)
            .Select(n => new { n.LastContactAt }).FirstOrDefaultAsync(ct);
        if (node is null)
        {
            await next();
            return;
        }
        var name = await db.ServicePoints.AsNoTracking().Where(p => p.Code == code).Select(p => p.Name).SingleOrDefaultAsync(ct) ?? code;
        context.Result = new ViewResult
        {
            ViewName = ViewPath,
            StatusCode = StatusCodes.Status409Conflict,
            ViewData = new ViewDataDictionary(metadata, context.ModelState) { Model = new QueueAtNodeView(code, name, node.LastContactAt) },
        };
    }
}
