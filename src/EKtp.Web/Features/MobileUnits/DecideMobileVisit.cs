using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.MobileUnits;

public sealed class DeclineVisitInput
{
    public string? Reason { get; set; }
}

public sealed class DeclineVisitInputValidator : AbstractValidator<DeclineVisitInput>
{
    public DeclineVisitInputValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Tulis alasan penolakan; pemohon akan menerimanya.")
            .MaximumLength(300).WithMessage("Alasan paling banyak 300 karakter.");
    }
}

/// <summary>
/// Approves a visit request by planning a stop for it (bookable once its slots are generated) and telling the
/// requester, or declines it with a reason the requester receives. Each decision and its message are one transaction.
/// </summary>
public sealed class DecideMobileVisit(EKtpDbContext db, TimeProvider clock, PlanMobileStop plan, SlotGenerator slots,
    IOptions<SiteOptions> site)
{
    public const string AuditApproved = "mobile-visit-approved";
    public const string AuditDeclined = "mobile-visit-declined";

    public async Task<PlanMobileStop.Outcome> ApproveAsync(Guid requestId, MobileStopInput stopInput, AuditLog audit, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await db.MobileVisitRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.Status == VisitRequestStatus.Pending, ct);
        if (request is null) return new(null, "", "Permintaan tidak ditemukan atau sudah diputuskan.");
        var result = await plan.AddAsync(stopInput, request.Id, ct);
        if (result.Stop is not { } stop) return result;
        request.Status = VisitRequestStatus.Approved;
        request.MobileStopId = stop.Id;
        db.Enqueue(clock, NotificationKinds.MobileVisitApproved, $"visit-approved:{request.Id}", request.Phone,
            NotificationTexts.VisitApproved(stop.Date, stop.Start, stop.Place, site.Value));
        audit.Add(AuditApproved, "mobile-visit-request", request.Id.ToString(), reason: $"stop {stop.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await slots.GenerateAsync(ct);
        return result;
    }

    public async Task<bool> DeclineAsync(Guid requestId, string reason, AuditLog audit, CancellationToken ct)
    {
        var request = await db.MobileVisitRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.Status == VisitRequestStatus.Pending, ct);
        if (request is null) return false;
        request.Status = VisitRequestStatus.Declined;
        request.DecisionReason = reason.Trim();
        db.Enqueue(clock, NotificationKinds.MobileVisitDeclined, $"visit-declined:{request.Id}", request.Phone,
            NotificationTexts.VisitDeclined(request.DecisionReason, site.Value));
        audit.Add(AuditDeclined, "mobile-visit-request", request.Id.ToString(), reason: request.DecisionReason);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
