using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>A recording not yet acknowledged by the district server, as the point's staff see it (no personal data).</summary>
public sealed record UnacknowledgedRecording(Guid Id, DateTimeOffset RecordedAt, ServiceType Service, RecordingOutcome Outcome,
    RecordingUpload State, DateTimeOffset StateAt, string? Failure);

/// <summary>One point's recordings on their way: how many, how many refused, and the oldest.</summary>
public sealed record PointUploadBacklog(Guid ServicePointId, int Waiting, int Failed, DateTimeOffset OldestRecordedAt);

/// <summary>
/// The upload state of the recording log (decision 1210). The sync engine moves a node's recordings along
/// Captured → Sent → Acknowledged (or Failed, with the reason); each move is one conditional UPDATE, so a repeated
/// or late report never moves a recording back: Acknowledged is final, and a Failed recording may be sent again.
/// </summary>
public sealed class RecordingUploads(EKtpDbContext db, TimeProvider clock)
{
    public const int FailureMaxLength = 500;

    /// <summary>The engine has handed these recordings to the link. Returns how many moved.</summary>
    public Task<int> MarkSentAsync(IReadOnlyCollection<Guid> recordingIds, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return db.Recordings
            .Where(r => recordingIds.Contains(r.Id) && (r.UploadState == RecordingUpload.Captured || r.UploadState == RecordingUpload.Failed))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UploadState, RecordingUpload.Sent).SetProperty(r => r.UploadStateAt, now)
                .SetProperty(r => r.UploadFailure, (string?)null), ct);
    }

    /// <summary>The hub holds these recordings. Returns how many moved.</summary>
    public Task<int> MarkAcknowledgedAsync(IReadOnlyCollection<Guid> recordingIds, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return db.Recordings
            .Where(r => recordingIds.Contains(r.Id) && r.UploadState != RecordingUpload.Acknowledged)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UploadState, RecordingUpload.Acknowledged).SetProperty(r => r.UploadStateAt, now)
                .SetProperty(r => r.UploadFailure, (string?)null), ct);
    }

    /// <summary>
    /// The hub refused this recording, for a reason staff can act on (never personal data: the reason is shown on
    /// staff pages and kept). Returns 1 if it moved; an acknowledged recording stays acknowledged.
    /// </summary>
    public Task<int> MarkFailedAsync(Guid recordingId, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = clock.GetUtcNow();
        var text = reason.Trim();
        if (text.Length > FailureMaxLength) text = text[..FailureMaxLength];
        return db.Recordings
            .Where(r => r.Id == recordingId && (r.UploadState == RecordingUpload.Captured || r.UploadState == RecordingUpload.Sent))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UploadState, RecordingUpload.Failed).SetProperty(r => r.UploadStateAt, now)
                .SetProperty(r => r.UploadFailure, text), ct);
    }

    /// <summary>A point's recordings not yet acknowledged, oldest first.</summary>
    public Task<List<UnacknowledgedRecording>> ListAsync(Guid servicePointId, CancellationToken ct = default) =>
        db.Recordings.AsNoTracking()
            .Where(r => r.ServicePointId == servicePointId && r.UploadState != RecordingUpload.Acknowledged)
            .OrderBy(r => r.RecordedAt)
            .Select(r => new UnacknowledgedRecording(r.Id, r.RecordedAt, r.Service, r.Outcome, r.UploadState, r.UploadStateAt, r.UploadFailure))
            .ToListAsync(ct);

    /// <summary>Every point with recordings on their way (read from a partial index of those rows only).</summary>
    public Task<List<PointUploadBacklog>> BacklogAsync(CancellationToken ct = default) =>
        db.Recordings.AsNoTracking()
            .Where(r => r.UploadState != RecordingUpload.Acknowledged)
            .GroupBy(r => r.ServicePointId)
            .Select(g => new PointUploadBacklog(g.Key, g.Count(), g.Count(r => r.UploadState == RecordingUpload.Failed), g.Min(r => r.RecordedAt)))
            .ToListAsync(ct);
}
