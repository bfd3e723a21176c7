using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Disruptions;

public enum RebookOption { SamePoint, Nearest }

public sealed record RebookOffer(RebookOption Option, Guid SlotId, string PointName, string? Place, DateTimeOffset StartsAt);

/// <summary>What <c>_AffectedAppointment.cshtml</c> shows: the disruption, and one button per offer.</summary>
public sealed class AffectedAppointmentView
{
    public required string Code { get; init; }
    /// <summary>Echoed into the rebook form's POST body (never a URL), as the host page received it.</summary>
    public required string Nik { get; init; }
    public required string PointName { get; init; }
    public string? Place { get; init; }
    public DateTimeOffset SlotStart { get; init; }
    public DisruptionKind Kind { get; init; }
    public string PublicNote { get; init; } = "";
    public DateTimeOffset Since { get; init; }
    public DateTimeOffset? ExpectedEnd { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public RebookOffer? SamePoint { get; init; }
    public RebookOffer? Nearest { get; init; }
    /// <summary>Where to return after rebooking (the host page); a local path.</summary>
    public string ReturnUrl { get; init; } = "/service-status/my-appointment";
    /// <summary>Where the buttons post. A host that already knows the appointment (a session cookie, as /booking/manage
    /// has) posts only the option to its own endpoint and leaves <see cref="Nik"/> empty.</summary>
    public string Action { get; init; } = "/service-status/rebook";
}

/// <summary>The rebook buttons' body: the lookup's code and NIK, the chosen offer and where to return.</summary>
public sealed class RebookInput : LookupInput
{
    public RebookOption? Option { get; set; }
    public string? ReturnUrl { get; set; }
}

public sealed class RebookInputValidator : AbstractValidator<RebookInput>
{
    public RebookInputValidator(IValidator<LookupInput> lookup)
    {
        Include(lookup);
        RuleFor(x => x.Option).NotNull();
    }
}

public enum RebookOutcome { Moved, NotFound, NotAffected, NoSlot, Locked }

public sealed record RebookResult(RebookOutcome Outcome, RebookOffer? To = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Offers and performs the one-click rebook of an appointment a disruption affects: the next free slot at the same
/// point after the disruption, or the nearest working point (same kecamatan first, then the DPKS office). The move is
/// <see cref="AppointmentTransitions.RebookAsync"/>: the new place first, and the appointment claimed by its
/// affected-mark in the same conditional UPDATE, so a double click moves it once.
/// </summary>
public sealed class RebookAffectedAppointment(EKtpDbContext db, TimeProvider clock, AppointmentLookup lookup,
    IOptions<BookingOptions> booking, IOptions<SiteOptions> site)
{
    private const int Candidates = 80;

    /// <summary>The partial's model, or null when the appointment is not (or no longer) affected.</summary>
    public async Task<AffectedAppointmentView?> DescribeAsync(Appointment a, string nik, string? returnUrl = null, CancellationToken ct = default,
        string? action = null)
    {
        if (a.AffectedByDisruptionId is not { } id || !a.HoldsPlace()) return null;
        var d = await db.Disruptions.AsNoTracking().SingleAsync(x => x.Id == id, ct);
        var slot = await db.Slots.AsNoTracking().Include(s => s.MobileStop).SingleAsync(s => s.Id == a.SlotId, ct);
        var pointName = await db.ServicePoints.Where(p => p.Id == slot.ServicePointId).Select(p => p.Name).SingleAsync(ct);
        return new AffectedAppointmentView
        {
            Code = a.Code, Nik = Nik.Normalize(nik), PointName = pointName, Place = slot.MobileStop?.Place, SlotStart = slot.StartsAt,
            Kind = d.Kind, PublicNote = d.PublicNote, Since = d.StartsAt, ExpectedEnd = d.ExpectedEndAt, EndedAt = d.EndedAt,
            SamePoint = await OfferAsync(a, slot, d, RebookOption.SamePoint, [], ct),
            Nearest = await OfferAsync(a, slot, d, RebookOption.Nearest, [], ct),
            ReturnUrl = returnUrl ?? "/service-status/my-appointment",
            Action = action ?? "/service-status/rebook",
        };
    }

    public async Task<RebookResult> HandleAsync(RebookInput input, CancellationToken ct = default)
    {
        var found = await lookup.FindAsync(input, ct);
        if (found.LockedUntil is { } until) return new(RebookOutcome.Locked, LockedUntil: until);
        return found.Appointment is not { } a ? new(RebookOutcome.NotFound) : await MoveAsync(a, input.Option!.Value, ct);
    }

    /// <summary>Moves an appointment (found by the host's own lookup) to the chosen offer.</summary>
    public async Task<RebookResult> MoveAsync(Appointment a, RebookOption option, CancellationToken ct = default)
    {
        if (a.AffectedByDisruptionId is not { } disruptionId || !a.HoldsPlace())
            return new(RebookOutcome.NotAffected);
        var d = await db.Disruptions.AsNoTracking().SingleAsync(x => x.Id == disruptionId, ct);
        var oldSlot = await db.Slots.AsNoTracking().Include(s => s.MobileStop).SingleAsync(s => s.Id == a.SlotId, ct);
        var tried = new HashSet<Guid>();
        // Another resident may take the offered place between our look and our move: then the next one is offered.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var offer = await OfferAsync(a, oldSlot, d, option, tried, ct);
            if (offer is null) return new(RebookOutcome.NoSlot);
            tried.Add(offer.SlotId);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var newSlot = await db.Slots.AsNoTracking().SingleAsync(s => s.Id == offer.SlotId, ct);
            var moved = await db.RebookAsync(a.Id, oldSlot.Id, disruptionId, newSlot, clock.GetUtcNow(), ct);
            if (moved == MoveResult.NotApplicable) return new(RebookOutcome.NotAffected);
            if (moved == MoveResult.SlotUnavailable)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            if (a.Phone != "")
                db.Enqueue(clock, NotificationKinds.BookingConfirmed, $"rebooked:{a.Id}:{newSlot.Id}", a.Phone,
                    NotificationTexts.BookingConfirmed(a.Code, newSlot.StartsAt, offer.Place ?? offer.PointName, site.Value));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new(RebookOutcome.Moved, offer);
        }
        return new(RebookOutcome.NoSlot);
    }

    private async Task<RebookOffer?> OfferAsync(Appointment a, Slot current, Disruption d, RebookOption option, HashSet<Guid> skip,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lastDate = clock.Today().AddDays(booking.Value.WindowDays);
        var free = db.Slots.AsNoTracking()
            .Where(s => !s.IsClosed && s.Booked < s.Capacity && s.StartsAt > now && s.Date <= lastDate && s.Id != current.Id
                && s.ServicePoint!.IsActive && (s.MobileStopId == null || s.MobileStop!.Status == MobileStopStatus.Planned));

        // Outages that stop recording block offers at their point; administrative records (a cancelled stop, a
        // schedule change) do not: their slots are closed already, and the rest of the point works.
        var blocking = await db.Disruptions.AsNoTracking().Where(Disruption.IsOutage)
            .Where(x => x.Kind != DisruptionKind.NoCardBlanks && (x.EndedAt == null || x.EndedAt > now))
            .ToListAsync(ct);
        bool Works(Slot s) => !blocking.Any(x => x.ServicePointId == s.ServicePointId
            && AffectedAppointments.Cover(x) is var (from, to) && s.StartsAt < to && s.EndsAt > from);

        async Task<RebookOffer?> FirstAsync(IQueryable<Slot> query)
        {
            var slots = await query.OrderBy(s => s.StartsAt).Include(s => s.ServicePoint).Include(s => s.MobileStop)
                .Take(Candidates).ToListAsync(ct);
            var s = slots.FirstOrDefault(s => !skip.Contains(s.Id) && Works(s));
            return s is null ? null : new RebookOffer(option, s.Id, s.ServicePoint!.Name, s.MobileStop?.Place, s.StartsAt);
        }

        if (option == RebookOption.SamePoint)
        {
            // A schedule change spans many days of one point but only took some slots (now closed): offer the
            // next open slot after the resident's own, not after the whole span.
            var (_, coverEnd) = d.Kind == DisruptionKind.ScheduleChange ? (current.StartsAt, current.EndsAt) : AffectedAppointments.Cover(d);
            var after = coverEnd > now ? coverEnd : now;
            var same = free.Where(s => s.ServicePointId == current.ServicePointId && s.StartsAt >= after);
            // A mobile unit's "same point" is the same nagari: elsewhere it is another village's visit.
            if (current.MobileStop is { } stop) same = same.Where(s => s.MobileStop!.VillageCode == stop.VillageCode);
            return await FirstAsync(same);
        }

        var kecamatan = current.MobileStop is { } st
            ? await db.Regions.Where(r => r.Code == st.VillageCode).Select(r => r.ParentCode).SingleAsync(ct)
            : await db.ServicePoints.Where(p => p.Id == current.ServicePointId).Select(p => p.RegionCode).SingleAsync(ct);
        var sameKecamatan = free.Where(s => s.ServicePointId != current.ServicePointId
            && (s.MobileStopId == null
                ? s.ServicePoint!.Kind == ServicePointKind.KecamatanOffice && s.ServicePoint.RegionCode == kecamatan
                : s.MobileStop!.Village!.ParentCode == kecamatan));
        return await FirstAsync(sameKecamatan)
            ?? await FirstAsync(free.Where(s => s.ServicePointId != current.ServicePointId && s.ServicePoint!.Kind == ServicePointKind.DistrictOffice));
    }
}
