using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.ServiceStatus;
using EKtp.Web.Features.Shared;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Api;

public sealed record DisruptionDto(string Kind, string Since, string? ExpectedEnd, string? Note, bool StopsRecording);

public sealed record MobileStopDto(string Date, string RegionCode, string Village, string Place, string Start, string End);

/// <summary>
/// The PRODUCT.md fields first; then what the service-status page shows: why a point is closed, its hours today,
/// whether cards can be printed there now, a mobile unit's stops today and tomorrow, and when this was read.
/// </summary>
public sealed record ServicePointDto(string Code, string Name, string Kind, string RegionCode, string Address, string Status,
    DisruptionDto? Disruption, string? ClosedReason, string? OpensAt, string? ClosesAt, bool CanPrint, bool CanRecord,
    DisruptionDto? UpcomingDisruption, IReadOnlyList<MobileStopDto> StopsToday, IReadOnlyList<MobileStopDto> StopsTomorrow, string UpdatedAt,
    BlankStockDto? BlankStock);

/// <summary>
/// A printing point's blank stock from its ledger (issue 15): <see cref="UsedLast14Days"/> counts blanks printed or
/// spoiled today and the 13 days before; <see cref="PerDay"/> is that over 14; <see cref="DaysLeft"/> the balance at that
/// rate, rounded down (0 when out, null when nothing was used); <see cref="Suket"/>: out, residents get a Suket.
/// Null for a point that prints no cards. Added to version 1: clients that do not know it ignore it.
/// </summary>
public sealed record BlankStockDto(bool Available, int Balance, int UsedLast14Days, double PerDay, int? DaysLeft, bool Suket);

public sealed record StopDto(string RegionCode, string Place);

/// <summary><see cref="Reason"/>: why a slot cannot be booked (closed, past, today, beyond-window, full); null when it can.</summary>
public sealed record SlotDto(Guid Id, string Start, string End, int Capacity, int Available, StopDto? Stop, bool Bookable, string? Reason);

[ApiController]
[AllowAnonymous]
[Route("api/v1/service-points")]
[EnableRateLimiting(RateLimits.Public)]
public sealed class ServicePointsApiController(EKtpDbContext db, ServiceStatusReader status, TimeProvider clock,
    IOptions<BookingOptions> booking) : ControllerBase
{
    [HttpGet]
    public async Task<IEnumerable<ServicePointDto>> List(CancellationToken ct)
    {
        var updatedAt = ApiFormat.Time(clock.GetUtcNow());
        return (await status.ReadAsync(ct)).Where(s => s.Point.IsActive).Select(s => new ServicePointDto(
            s.Point.Code, s.Point.Name, ApiFormat.Kind(s.Point.Kind), s.Point.RegionCode, s.Point.Address,
            s.State.ToString().ToLowerInvariant(),
            Disruption(s.Disruption),
            s.ClosedReason == ClosedReason.None ? null : ApiFormat.Kebab(s.ClosedReason),
            s.OpensAt is { } o ? WibInput.Field(o) : null, s.ClosesAt is { } c ? WibInput.Field(c) : null,
            s.CanPrintNow, s.State == PointState.Open || s.State == PointState.Disrupted && s.Disruption?.StopsRecording == false,
            Disruption(s.Upcoming), s.StopsToday.Select(Stop).ToList(), s.StopsTomorrow.Select(Stop).ToList(), updatedAt,
            s.BlankStock is { } b ? new BlankStockDto(b.Available, b.Balance, b.OutInRateWindow, b.PerDay, b.DaysLeft, b.Suket) : null));
    }

    private static DisruptionDto? Disruption(Disruption? d) => d is null ? null
        : new DisruptionDto(ApiFormat.Kebab(d.Kind), ApiFormat.Time(d.StartsAt), d.ExpectedEndAt is { } e ? ApiFormat.Time(e) : null,
            d.PublicNote, d.StopsRecording);

    private static MobileStopDto Stop(MobileStop s) => new(s.Date.ToString("yyyy-MM-dd"), s.VillageCode, s.Village?.Name ?? "", s.Place,
        WibInput.Field(s.Start), WibInput.Field(s.End));

    /// <summary>
    /// The slots of a service point between two dates (inclusive, at most 31 days apart). By default only the slots a
    /// booking would take now, judged by the booking command's own rule (<see cref="BookingWindow"/>); with
    /// <c>include=unbookable</c> every slot of the range, each with <c>bookable</c> and, when false, its <c>reason</c>.
    /// </summary>
    [HttpGet("{code}/slots")]
    public async Task<ActionResult<IEnumerable<SlotDto>>> Slots(string code, [FromQuery] string? from, [FromQuery] string? to,
        [FromQuery] string? include, CancellationToken ct)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        var fromDate = today;
        var toDate = today.AddDays(booking.Value.WindowDays);
        if (from is not null && !WibInput.TryDate(from, out fromDate)) errors["from"] = ["Gunakan format tanggal YYYY-MM-DD."];
        if (to is not null && !WibInput.TryDate(to, out toDate)) errors["to"] = ["Gunakan format tanggal YYYY-MM-DD."];
        if (errors.Count == 0 && toDate < fromDate) errors["to"] = ["Tanggal akhir harus sama dengan atau sesudah tanggal awal."];
        if (errors.Count == 0 && toDate.DayNumber - fromDate.DayNumber > 31) errors["to"] = ["Rentang tanggal paling lama 31 hari."];
        if (include is not (null or "unbookable")) errors["include"] = ["Hanya include=unbookable yang dikenal."];
        if (errors.Count > 0) return ValidationProblem(new ValidationProblemDetails(errors) { Title = "Permintaan tidak valid." });

        var point = await db.ServicePoints.AsNoTracking().Where(p => p.Code == code && p.IsActive).Select(p => new { p.Id }).SingleOrDefaultAsync(ct);
        if (point is null) return Problem(statusCode: 404, title: "Tempat layanan tidak ditemukan.");

        // At most 32 days of one point: judged here, by the same rule as the booking, rather than copied into SQL.
        var window = clock.BookingWindow(booking.Value.WindowDays);
        var slots = await db.Slots.AsNoTracking()
            .Where(s => s.ServicePointId == point.Id && s.Date >= fromDate && s.Date <= toDate)
            .OrderBy(s => s.StartsAt)
            .Select(s => new { s.Id, s.IsClosed, s.Date, s.StartsAt, s.EndsAt, s.Capacity, s.Booked,
                Stop = s.MobileStop == null ? null : new { s.MobileStop.VillageCode, s.MobileStop.Place } })
            .ToListAsync(ct);
        return Ok(slots
            .Select(s => (Slot: s, Why: window.Refusal(s.IsClosed, s.Date, s.StartsAt, s.Booked, s.Capacity)))
            .Where(x => include is not null || x.Why == SlotRefusal.None)
            .Select(x => new SlotDto(x.Slot.Id, ApiFormat.Time(x.Slot.StartsAt), ApiFormat.Time(x.Slot.EndsAt), x.Slot.Capacity,
                Math.Max(0, x.Slot.Capacity - x.Slot.Booked), x.Slot.Stop is null ? null : new StopDto(x.Slot.Stop.VillageCode, x.Slot.Stop.Place),
                x.Why == SlotRefusal.None, x.Why == SlotRefusal.None ? null : ApiFormat.Kebab(x.Why))));
    }
}
