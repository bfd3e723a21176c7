using EKtp.Web.Domain;

namespace EKtp.Web.Features.Booking;

/// <summary>Route paths of the booking pages, so links and forms cannot drift.</summary>
public static class BookingRoutes
{
    public const string Start = "/booking";
    public const string Place = "/booking/place";
    public const string Slots = "/booking/slots";
    public const string Details = "/booking/details";
    public const string Confirm = "/booking/confirm";
    public const string Slip = "/booking/slip";
    public const string SlipIcs = "/booking/slip.ics";
    public const string Manage = "/booking/manage";
    public const string ManageAppointment = "/booking/manage/appointment";
    public const string Cancel = "/booking/manage/cancel";
    public const string Reschedule = "/booking/manage/reschedule";
    public const string Rebook = "/booking/manage/rebook";
    public const string Status = "/status";
    public const string StatusByCard = "/status/card";

    /// <summary>The slot page; <paramref name="village"/>: the nagari chosen on the place step (a region code, nothing
    /// personal), carried to the personal-data step so it is not asked twice.</summary>
    public static string SlotsOf(string service, string pointCode, Guid? stopId = null, DateOnly? date = null, string? village = null) =>
        $"{Slots}?service={service}{VillageParameter(village)}&point={Uri.EscapeDataString(pointCode)}" +
        (stopId is { } s ? $"&stop={s:N}" : "") + (date is { } d ? $"&date={d:yyyy-MM-dd}" : "");

    public static string PlaceOf(string service, string? village = null) => $"{Place}?service={service}{VillageParameter(village)}";

    private static string VillageParameter(string? village) => village is null ? "" : "&village=" + Uri.EscapeDataString(village);
}

/// <summary>An office on the place step, with what a resident weighs: where, when, and whether cards are printed there.</summary>
public sealed record OfficeChoice(string Code, string Name, string Address, ServicePointKind Kind, string RegionCode, bool CanPrint, string Hours);

public sealed record PlaceOption(string Code, string Name, string Address, ServicePointKind Kind);

public sealed record StopOption(Guid Id, string PointCode, string PointName, DateOnly Date, string VillageName, string KecamatanName,
    string Place, TimeOnly Start, TimeOnly End, string VillageCode = "");

/// <summary><see cref="Nearest"/>: the places near the chosen <see cref="Village"/>, listed first; null before one is chosen.</summary>
public sealed record PlaceChoiceModel(ServiceCatalog.Entry Service, IReadOnlyList<OfficeChoice> Offices, IReadOnlyList<StopOption> Stops,
    IReadOnlyList<VillageOption> Villages, VillageOption? Village = null, NearestPlaces.Choice? Nearest = null);

public sealed record DaySummary(DateOnly Date, int Available, int Slots);

public sealed record SlotChoiceModel(ServiceCatalog.Entry Service, PlaceOption Point, StopOption? Stop, IReadOnlyList<DaySummary> Days,
    DateOnly? ChosenDate, IReadOnlyList<SlotChoice> SlotsOfDay, string? Village = null, IReadOnlyList<SlotChoice>? Soonest = null);

/// <summary>The chosen slot as the details, confirm and refusal pages describe it.</summary>
public sealed record SlotSummary(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Available, string PointCode, string PointName,
    string Address, string? StopPlace, Guid? StopId);

public sealed record VillageOption(string Code, string Name, string KecamatanName)
{
    /// <summary>Kemendagri codes nest: a nagari's code is its kecamatan's and four more digits (13.08.05 → 13.08.05.2001).</summary>
    public string KecamatanCode => Code[..Code.LastIndexOf('.')];
}

public sealed record DetailsModel(BookingInput Input, ServiceCatalog.Entry Service, SlotSummary Slot, IReadOnlyList<VillageOption> Villages,
    bool BirthDateMismatch);

/// <summary><see cref="Earlier"/>: the appointment this form made before, when it is no longer active; <see cref="Why"/>:
/// what kept a closed slot from being booked.</summary>
public sealed record RefusedModel(BookingResult Result, BookingInput Input, ServiceCatalog.Entry Service, SlotSummary? Slot,
    IReadOnlyList<SlotChoice> NextSlots, Appointment? Earlier = null, SlotRefusal Why = SlotRefusal.None, int WindowDays = 0);

public sealed record SlipModel(Appointment Appointment, ServiceCatalog.Entry Service, string Place, string Address, string QrSvg,
    string MaskedNik, string Name);

public sealed record ManageModel(Appointment Appointment, ServiceCatalog.Entry Service, string Place, bool CanChange,
    DateTimeOffset Cutoff, IReadOnlyList<DaySummary> Days, DateOnly? ChosenDate, IReadOnlyList<SlotChoice> SlotsOfDay, string? Problem,
    Disruptions.AffectedAppointmentView? Affected = null, SlipModel? Slip = null);
