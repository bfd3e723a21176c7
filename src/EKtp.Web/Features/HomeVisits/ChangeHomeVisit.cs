using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.HomeVisits;

public sealed class PlanHomeVisitInput
{
    public Guid? StopId { get; set; }
}

public sealed class DeclineHomeVisitInput
{
    public string? Reason { get; set; }
}

public sealed class DeclineHomeVisitInputValidator : AbstractValidator<DeclineHomeVisitInput>
{
    public DeclineHomeVisitInputValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Tulis alasan penolakan; pemohon akan menerimanya.")
            .MaximumLength(300).WithMessage("Alasan paling banyak 300 karakter.");
    }
}

/// <summary>
/// A home visit's steps after the request: scheduled into a mobile-unit day (again, into another day, while not done),
/// done (only once scheduled), declined with a reason (while not done). Each step is one conditional UPDATE on the
/// status it leaves, so two staff cannot both take it, with its message and its audit entry in the same transaction.
/// </summary>
public sealed class ChangeHomeVisit(EKtpDbContext db, TimeProvider clock, IOptions<SiteOptions> site)
{
    public const string AuditScheduled = "home-visit-scheduled";
    public const string AuditDone = "home-visit-done";
    public const string AuditDeclined = "home-visit-declined";
    public const string Subject = "home-visit-request";

    /// <summary>What a step gave: done, or the message (beside <see cref="Field"/> when it belongs to one).</summary>
    public sealed record Outcome(bool Ok, string? Error = null, string? Field = null);

    private static readonly Outcome Gone = new(false, "Permintaan tidak ditemukan atau sudah selesai.");

    public async Task<Outcome> ScheduleAsync(Guid id, Guid? stopId, AuditLog audit, CancellationToken ct)
    {
        var today = clock.Today();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // FOR SHARE: a cancellation of the stop waits for this step, and then finds this visit to return (or this
        // step waits for the cancellation, and then finds the stop no longer planned).
        var planned = MobileStopStatus.Planned.ToString();
        var stop = stopId is { } s
            ? (await db.MobileStops.FromSql($"SELECT * FROM mobile_stops WHERE id = {s} AND status = {planned} FOR SHARE").AsNoTracking().ToListAsync(ct))
                .SingleOrDefault(x => x.Date >= today)
            : null;
        if (stop is null) return new(false, "Pilih kunjungan mobil keliling yang akan datang.", nameof(PlanHomeVisitInput.StopId));
        var now = clock.GetUtcNow();
        var changed = await db.HomeVisitRequests
            .Where(r => r.Id == id && (r.Status == HomeVisitStatus.Submitted || r.Status == HomeVisitStatus.Scheduled) && r.MobileStopId != stop.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, HomeVisitStatus.Scheduled).SetProperty(r => r.MobileStopId, stop.Id)
                .SetProperty(r => r.ScheduledDate, stop.Date).SetProperty(r => r.UpdatedAt, now), ct);
        if (changed == 0) return await AlreadyAsync(id, r => r.Status == HomeVisitStatus.Scheduled && r.MobileStopId == stop.Id, ct);
        var request = await db.HomeVisitRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        HomeVisitMessages.Scheduled(db, clock, request, stop, site.Value);
        audit.Add(AuditScheduled, Subject, id.ToString(), reason: $"stop {stop.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(true);
    }

    public async Task<Outcome> DoneAsync(Guid id, AuditLog audit, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var changed = await db.HomeVisitRequests.Where(r => r.Id == id && r.Status == HomeVisitStatus.Scheduled)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, HomeVisitStatus.Done).SetProperty(r => r.UpdatedAt, now), ct);
        if (changed == 0)
            return await AlreadyAsync(id, r => r.Status == HomeVisitStatus.Done, ct) is { Ok: true } same ? same
                : new(false, "Hanya kunjungan yang sudah dijadwalkan dapat ditandai selesai.");
        var request = await db.HomeVisitRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        HomeVisitMessages.Done(db, clock, request, site.Value);
        audit.Add(AuditDone, Subject, id.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(true);
    }

    public async Task<Outcome> DeclineAsync(Guid id, string reason, AuditLog audit, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var why = reason.Trim();
        var changed = await db.HomeVisitRequests
            .Where(r => r.Id == id && (r.Status == HomeVisitStatus.Submitted || r.Status == HomeVisitStatus.Scheduled))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, HomeVisitStatus.Declined).SetProperty(r => r.DeclineReason, why)
                .SetProperty(r => r.UpdatedAt, now), ct);
        if (changed == 0) return await AlreadyAsync(id, r => r.Status == HomeVisitStatus.Declined, ct);
        var request = await db.HomeVisitRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        HomeVisitMessages.Declined(db, clock, request, site.Value);
        audit.Add(AuditDeclined, Subject, id.ToString(), reason: request.DeclineReason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(true);
    }

    /// <summary>
    /// A cancelled stop's scheduled home visits wait for a new day again, each family told; in the cancellation's
    /// transaction (changes saved, not committed).
    /// </summary>
    public static async Task<int> ReturnToWaitingAsync(EKtpDbContext db, TimeProvider clock, MobileStop stop, SiteOptions site, CancellationToken ct)
    {
        var visits = await db.HomeVisitRequests.Where(r => r.MobileStopId == stop.Id && r.Status == HomeVisitStatus.Scheduled).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var r in visits)
        {
            (r.Status, r.MobileStopId, r.ScheduledDate, r.UpdatedAt) = (HomeVisitStatus.Submitted, null, null, now);
            HomeVisitMessages.Unscheduled(db, clock, r, stop, site);
        }
        await db.SaveChangesAsync(ct);
        return visits.Count;
    }

    /// <summary>Nothing changed: a repeat of a step already taken is answered as done (one message all the same); else it is refused.</summary>
    private async Task<Outcome> AlreadyAsync(Guid id, System.Linq.Expressions.Expression<Func<HomeVisitRequest, bool>> taken, CancellationToken ct) =>
        await db.HomeVisitRequests.Where(r => r.Id == id).Where(taken).AnyAsync(ct) ? new(true) : Gone;
}
