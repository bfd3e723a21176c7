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
    DisruptionDto? UpcomingDisruption, IReadOnlyList<MobileStopDto> StopsToday, IReadOnlyList<MobileStopDto> StopsTomorrow, string UpdatedAt);

public sealed record StopDto(string RegionCode, string Place);

public sealed record SlotDto(Guid Id, string Start, string End, int Capacity, int Available, StopDto? Stop);

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
            Disruption(s.Upcoming), s.StopsToday.Select(Stop).ToList(), s.StopsTomorrow.Select(Stop).ToList(), updatedAt));
    }

    private static DisruptionDto? Disruption(Disruption? d) => d is null ? null
        : new DisruptionDto(ApiFormat.Kebab(d.Kind), ApiFormat.Time(d.StartsAt), d.ExpectedEndAt is { } e ? ApiFormat.Time(e) : null,
            d.PublicNote, d.StopsRecording);

    private static MobileStopDto Stop(MobileStop s) => new(s.Date.ToString("yyyy-MM-dd"), s.VillageCode, s.Village?.Name ?? "", s.Place,
        WibInput.Field(s.Start), WibInput.Field(s.End));

    /// <summary>The slots of a service point between two dates (inclusive, at most 31 days apart); only open slots.</summary>
    [HttpGet("{code}/slots")]
    public async Task<ActionResult<IEnumerable<SlotDto>>> Slots(string code, [FromQuery] string? from, [FromQuery] string? to, CancellationToken ct)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        var fromDate = today;
        var toDate = today.AddDays(booking.Value.WindowDays);
        if (from is not null && !WibInput.TryDate(from, out fromDate)) errors["from"] = ["Gunakan format tanggal YYYY-MM-DD."];
        if (to is not null && !WibInput.TryDate(to, out toDate)) errors["to"] = ["Gunakan format tanggal YYYY-MM-DD."];
        if (errors.Count == 0 && toDate < fromDate) errors["to"] = ["Tanggal akhir harus sama dengan atau sesudah tanggal awal."];
        if (errors.Count == 0 && toDate.DayNumber - fromDate.DayNumber > 31) errors["to"] = ["Rentang tanggal paling lama 31 hari."];
        if (errors.Count > 0) return ValidationProblem(new ValidationProblemDetails(errors) { Title = "Permintaan tidak valid." });

        var point = await db.ServicePoints.AsNoTracking().Where(p => p.Code == code && p.IsActive).Select(p => new { p.Id }).SingleOrDefaultAsync(ct);
        if (point is null) return Problem(statusCode: 404, title: "Tempat layanan tidak ditemukan.");

        var slots = await db.Slots.AsNoTracking()
            .Where(s => s.ServicePointId == point.Id && s.Date >= fromDate && s.Date <= toDate && !s.IsClosed)
            .OrderBy(s => s.StartsAt)
            .Select(s => new { s.Id, s.StartsAt, s.EndsAt, s.Capacity, s.Booked, Stop = s.MobileStop == null ? null : new { s.MobileStop.VillageCode, s.MobileStop.Place } })
            .ToListAsync(ct);
        return Ok(slots.Select(s => new SlotDto(s.Id, ApiFormat.Time(s.StartsAt), ApiFormat.Time(s.EndsAt), s.Capacity,
            s.Capacity - s.Booked, s.Stop is null ? null : new StopDto(s.Stop.VillageCode, s.Stop.Place))));
    }
}
