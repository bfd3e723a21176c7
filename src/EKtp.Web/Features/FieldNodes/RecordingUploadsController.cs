using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Features.FieldNodes;

public sealed record UploadsPage(ServicePoint Point, List<UnacknowledgedRecording> Recordings);

/// <summary>A point's recordings not yet acknowledged by the district server, for the point's staff (no personal data).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class RecordingUploadsController(RecordingUploads uploads) : Controller
{
    public const string Root = "/staff/recordings";
    public static string PointPath(string code) => $"{Root}/{code}/not-acknowledged";

    [HttpGet(Root + "/{pointCode}/not-acknowledged")]
    public async Task<IActionResult> Index([FromPointCode] ServicePoint point, CancellationToken ct) =>
        View("~/Features/FieldNodes/Uploads.cshtml", new UploadsPage(point, await uploads.ListAsync(point.Id, ct)));
}
