using EKtp.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// At a field node only the point's staff work is served: sign-in, the staff home, the queue, the recordings list, card
/// handover, blank stock, disruptions of the point, the board, the point's service status, health and static files; each change made there is
/// journalled to the hub. Everything else (booking, administration, the dashboard, the card pipeline) answers 404:
/// residents book at the hub, and a change the hub would never learn of is lost.
/// </summary>
public static class NodeScope
{
    private static readonly string[] Served =
        ["/staff/sign-in", "/staff/sign-out", "/staff/denied", "/staff/queue", "/staff/recordings", "/staff/handover", "/staff/stock",
         "/staff/disruptions", "/staff/two-factor", "/display", "/hubs", "/health", "/error"];

    public static bool IsServedAtNode(PathString path) =>
        // /service-status alone, not its appointment lookup: the point's state, with what the district declared for it.
        path == "/" || path == "/staff" || path == "/service-status" || Path.HasExtension(path.Value) ||
        Served.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UseNodeScope(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<SiteOptions>>().Value.IsNode) return app;
        return app.Use((context, next) =>
        {
            if (context.Request.Path == "/")
            {
                context.Response.Redirect("/staff");
                return Task.CompletedTask;
            }
            if (IsServedAtNode(context.Request.Path)) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }
}
