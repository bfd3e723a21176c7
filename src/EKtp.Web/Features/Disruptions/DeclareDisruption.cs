using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Disruptions;

public sealed class DeclareDisruptionInput
{
    /// <summary>Ignored for an Operator (their own point is used); required for an Admin.</summary>
    public string? ServicePointCode { get; set; }
    public DisruptionKind? Kind { get; set; }
    /// <summary>True: starts now. False: starts at <see cref="StartsAt"/>.</summary>
    public bool StartsNow { get; set; } = true;
    /// <summary>WIB, as a datetime-local field sends it: <c>2027-03-01T13:00</c>.</summary>
    public string? StartsAt { get; set; }
    public string? ExpectedEndAt { get; set; }
    public string? PublicNote { get; set; }

    public DateTimeOffset Start(DateTimeOffset now) => StartsNow || !WibInput.TryLocal(StartsAt, out var s) ? now : s;
}

public sealed class DeclareDisruptionValidator : AbstractValidator<DeclareDisruptionInput>
{
    public DeclareDisruptionValidator(TimeProvider clock)
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Pilih jenis gangguan.")
            .Must(k => k is not { } kind || !Disruption.IsAdministrativeKind(kind)).WithMessage("Pilih jenis gangguan.");
        RuleFor(x => x.StartsAt)
            .Must(v => WibInput.TryLocal(v, out _)).WithMessage("Isi waktu mulai (tanggal dan jam).")
            .Must(v => WibInput.TryLocal(v, out var s) && s >= clock.GetUtcNow().AddMinutes(-5))
            .WithMessage("Waktu mulai tidak boleh sudah lewat; pilih \"mulai sekarang\".")
            .Must(v => WibInput.TryLocal(v, out var s) && s <= clock.GetUtcNow().AddDays(30))
            .WithMessage("Waktu mulai paling lambat 30 hari dari sekarang.")
            .When(x => !x.StartsNow);
        RuleFor(x => x.ExpectedEndAt)
            .Must(v => WibInput.TryLocal(v, out _)).WithMessage("Tulis tanggal dan jam perkiraan selesai.")
            .Must((x, v) => WibInput.TryLocal(v, out var e) && e > x.Start(clock.GetUtcNow()))
            .WithMessage("Perkiraan selesai harus sesudah waktu mulai.")
            .When(x => !string.IsNullOrWhiteSpace(x.ExpectedEndAt));
        RuleFor(x => x.PublicNote).MaximumLength(500).WithMessage("Catatan paling banyak 500 karakter.");
    }
}

/// <summary>
/// Declares a disruption. When it stops recording, the appointments it covers are marked affected and their
/// residents' messages queued in the same transaction, so a resident is never told late or twice. At a field node the
/// declaration is journalled instead, and the hub, applying it, marks the appointments and sends the messages
/// (<see cref="MarkAffectedAsync"/>): messages leave from the hub only, and the hub's marks reach the node.
/// </summary>
public sealed class DeclareDisruption(EKtpDbContext db, TimeProvider clock, AuditLog audit, SubmitOnce once, IOptions<SiteOptions> site,
    FieldJournal journal)
{
    public const string AuditAction = "disruption-declared";

    /// <summary>Declares it; the same form sent twice declares it once and answers with the first's count of affected appointments.</summary>
    public async Task<(Guid DisruptionId, int Affected)> SubmitAsync(DeclareDisruptionInput input, Guid pointId, Guid declaredBy, Guid? formKey,
        CancellationToken ct = default)
    {
        var affected = 0;
        var submitted = await once.RunAsync("disruption", formKey, async c =>
        {
            (var declared, affected) = await HandleAsync(input, pointId, declaredBy, c);
            return declared.Id;
        }, ct);
        if (submitted.Repeated) affected = await db.Appointments.CountAsync(a => a.AffectedByDisruptionId == submitted.Id, ct);
        return (submitted.Id!.Value, affected);
    }

    public async Task<(Disruption Disruption, int Affected)> HandleAsync(DeclareDisruptionInput input, Guid pointId, Guid declaredBy,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var disruption = new Disruption
        {
            ServicePointId = pointId, Kind = input.Kind!.Value, StartsAt = input.Start(now),
            ExpectedEndAt = WibInput.TryLocal(input.ExpectedEndAt, out var end) ? end : null,
            PublicNote = input.PublicNote?.Trim() ?? "", DeclaredById = declaredBy,
        };
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        db.Disruptions.Add(disruption);
        await audit.AddAsync(AuditAction, "disruption", disruption.Id.ToString(), reason: $"{disruption.Kind} at {pointId}", ct: ct);
        await db.SaveChangesAsync(ct);
        await journal.DisruptionDeclaredAsync(disruption, ct);
        var affected = journal.IsNode ? 0 : await MarkAffectedAsync(db, clock, disruption, site.Value, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (disruption, affected);
    }

    /// <summary>The appointments a disruption that stops recording covers, marked, their residents' messages queued.</summary>
    public static async Task<int> MarkAffectedAsync(EKtpDbContext db, TimeProvider clock, Disruption disruption, SiteOptions site,
        CancellationToken ct) =>
        disruption.StopsRecording
            ? await AffectedAppointments.MarkAsync(db, clock, disruption, AffectedAppointments.Overlapping(db, disruption), site, ct)
            : 0;
}

/// <summary>
/// Ends a disruption (or withdraws one that has not started). Affected appointments stay where they are: residents
/// keep their slot or rebook, as they choose.
/// </summary>
public sealed class EndDisruption(EKtpDbContext db, TimeProvider clock, AuditLog audit, FieldJournal journal)
{
    public const string AuditAction = "disruption-ended";

    public async Task<bool> HandleAsync(Guid disruptionId, Guid? onlyAtPoint, Guid endedBy, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var d = await db.Disruptions.SingleOrDefaultAsync(x => x.Id == disruptionId && x.EndedAt == null
            && (onlyAtPoint == null || x.ServicePointId == onlyAtPoint), ct);
        if (d is null) return false;
        d.EndedAt = now < d.StartsAt ? d.StartsAt : now;
        d.EndedById = endedBy;
        await audit.AddAsync(AuditAction, "disruption", d.Id.ToString(), ct: ct);
        await db.SaveChangesAsync(ct);
        await journal.DisruptionEndedAsync(d, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
