using System.Linq.Expressions;

namespace EKtp.Web.Domain;

/// <summary>Rows that belong to one regency carry its Kemendagri code, so one schema can serve many regencies.</summary>
public interface IRegencyScoped
{
    string RegencyCode { get; set; }
}

public enum RegionLevel { Province, Regency, District, Village }

/// <summary>A Kemendagri administrative area keyed by its code (<c>13.08.05</c>).</summary>
public class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public RegionLevel Level { get; set; }
    public string? ParentCode { get; set; }
    public Region? Parent { get; set; }
}

public enum ServicePointKind { DistrictOffice, KecamatanOffice, MobileUnit }

public class ServicePoint : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public required string Code { get; set; }
    public required string Name { get; set; }
    public ServicePointKind Kind { get; set; }
    public required string RegionCode { get; set; }
    public Region? Region { get; set; }
    public string Address { get; set; } = "";
    public bool IsActive { get; set; } = true;
    /// <summary>Whether cards are printed here (the DPKS office, and kecamatan offices with a printer).</summary>
    public bool CanPrint { get; set; }
    public int WalkInDailyQuota { get; set; } = 20;
    public int BlankStockWarningThreshold { get; set; } = 50;
    public List<ScheduleSession> Sessions { get; set; } = [];
}

/// <summary>One opening session of a weekday (a morning or an afternoon) and how it is cut into slots.</summary>
public class ScheduleSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ServicePointId { get; set; }
    public DayOfWeek DayOfWeek { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public int SlotMinutes { get; set; } = 30;
    public int CapacityPerSlot { get; set; } = 4;
}

public class Holiday
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
    public bool IsCutiBersama { get; set; }
}

public class ServicePointClosure
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public required string Reason { get; set; }
}

public enum MobileStopStatus { Planned, Cancelled }

/// <summary>A mobile unit's visit to one nagari on one date; it has slots like an office.</summary>
public class MobileStop : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public DateOnly Date { get; set; }
    public required string VillageCode { get; set; }
    public Region? Village { get; set; }
    public required string Place { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public int SlotMinutes { get; set; } = 30;
    public int CapacityPerSlot { get; set; } = 5;
    public MobileStopStatus Status { get; set; } = MobileStopStatus.Planned;
    public Guid? VisitRequestId { get; set; }
}

/// <summary>One bookable time window. <see cref="Booked"/> never exceeds <see cref="Capacity"/>: a CHECK constraint holds it.</summary>
public class Slot : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public Guid? MobileStopId { get; set; }
    public MobileStop? MobileStop { get; set; }
    /// <summary>The local (WIB) date of the slot.</summary>
    public DateOnly Date { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int Capacity { get; set; }
    public int Booked { get; set; }
    /// <summary>A slot removed by a holiday, closure or schedule change after it was generated; never offered again.</summary>
    public bool IsClosed { get; set; }
    public int Available => IsClosed ? 0 : Capacity - Booked;
}

/// <summary>Stored by name: a new service needs no migration. <see cref="IkdActivation"/> (issue 15) activates the digital ID
/// (Identitas Kependudukan Digital) of a resident who already holds a KTP-el: no biometrics, no card; its outcome is an
/// <see cref="Domain.IkdActivation"/>, not a <see cref="Recording"/>.</summary>
public enum ServiceType { NewRecording, ReplacementLost, ReplacementDamaged, DataChange, IkdActivation }

public static class ServiceTypes
{
    /// <summary>Whether the service records biometrics and so puts a card through the pipeline (all but IKD activation).</summary>
    public static bool MakesCard(this ServiceType service) => service != ServiceType.IkdActivation;
}

public enum AppointmentStatus { Booked, CheckedIn, Completed, NotRecorded, NoShow, Cancelled }

public class Appointment : IRegencyScoped
{
    /// <summary>The statuses that hold a place: the slot counts the appointment, and the NIK may not book the service again.</summary>
    public static readonly AppointmentStatus[] ActiveStatuses = [AppointmentStatus.Booked, AppointmentStatus.CheckedIn];

    /// <summary>
    /// "Active" for queries: <c>status IN ('Booked', 'CheckedIn')</c>, built from <see cref="ActiveStatuses"/> as constants
    /// (not a parameter), so the SQL is what the partial unique index's filter says and the planner can match them.
    /// </summary>
    public static readonly Expression<Func<Appointment, bool>> IsActive = StatusIn(ActiveStatuses);

    /// <summary>The opposite of <see cref="IsActive"/>: completed, not recorded, no-show, cancelled.</summary>
    public static readonly Expression<Func<Appointment, bool>> IsFinished =
        StatusIn(Enum.GetValues<AppointmentStatus>().Except(ActiveStatuses).ToArray());

    private static readonly Func<Appointment, bool> IsActiveCompiled = IsActive.Compile();

    /// <summary>The in-memory form of <see cref="IsActive"/>.</summary>
    public bool HoldsPlace() => IsActiveCompiled(this);

    private static Expression<Func<Appointment, bool>> StatusIn(AppointmentStatus[] statuses)
    {
        var a = Expression.Parameter(typeof(Appointment), "a");
        var status = Expression.Property(a, nameof(Status));
        var body = statuses.Select(s => (Expression)Expression.Equal(status, Expression.Constant(s))).Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<Appointment, bool>>(body, a);
    }

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public required string Code { get; set; }
    public Guid SlotId { get; set; }
    public Slot? Slot { get; set; }
    public Guid ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public ServiceType Service { get; set; }
    public AppointmentStatus Status { get; set; } = AppointmentStatus.Booked;
    /// <summary>Keyed hash of the NIK, for exact lookup without decrypting.</summary>
    public byte[] NikHash { get; set; } = [];
    public byte[] NikCipher { get; set; } = [];
    public byte[] KkCipher { get; set; } = [];
    public string FullName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public string Phone { get; set; } = "";
    public string? Email { get; set; }
    public required string VillageCode { get; set; }
    public bool DeclaredMarried { get; set; }
    /// <summary>The form's one-time key: a repeated submit finds the appointment it already made.</summary>
    public Guid IdempotencyKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancelReason { get; set; }
    public int RescheduleCount { get; set; }
    /// <summary>Set when a disruption covers the slot; cleared when the resident rebooks.</summary>
    public Guid? AffectedByDisruptionId { get; set; }
    public DateTimeOffset? PersonalDataErasedAt { get; set; }
}

public enum TicketSeries { A, B }

public enum TicketStatus { Waiting, Called, Served, Skipped, NoShow }

public class QueueTicket : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public DateOnly ServiceDate { get; set; }
    public TicketSeries Series { get; set; }
    public int Number { get; set; }
    public Guid? AppointmentId { get; set; }
    public Appointment? Appointment { get; set; }
    public ServiceType Service { get; set; }
    public TicketStatus Status { get; set; } = TicketStatus.Waiting;
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>The ticket's place in the calling order (slot start for booked residents, issue time for walk-ins).</summary>
    public DateTimeOffset OrderAt { get; set; }
    public DateTimeOffset? CalledAt { get; set; }
    public int? Counter { get; set; }
    public Guid? CalledById { get; set; }
    public int CallCount { get; set; }
    /// <summary>At a field node: the slip code of a resident checked in provisionally (the node did not know the
    /// code); the hub links the appointment when the event arrives.</summary>
    public string? ProvisionalCode { get; set; }
    /// <summary>A walk-in's status code (a <see cref="BookingCode"/>, printed on the ticket) for /status; null for booked residents.</summary>
    public string? StatusCode { get; set; }
    /// <summary>A walk-in's mobile number (optional, <c>+628…</c>) for the card-ready message.</summary>
    public string? Phone { get; set; }
    public string Label => $"{Series}-{Number:000}";
}

public enum RecordingOutcome { Recorded, NotRecorded }

public enum NotRecordedReason { NetworkDown, CentralServerDown, Equipment, DataMismatch, ResidentLeft, Other }

public class Recording : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public Guid? QueueTicketId { get; set; }
    public Guid? AppointmentId { get; set; }
    public Guid? MobileStopId { get; set; }
    public byte[] NikHash { get; set; } = [];
    public byte[] NikCipher { get; set; } = [];
    /// <summary>
    /// Keyed hash of the KK number the resident was recorded with (the same HMAC as <see cref="NikHash"/>), so /status
    /// finds the card by NIK and KK; null when it is not known (a walk-in whose KK was not typed, older recordings).
    /// </summary>
    public byte[]? KkHash { get; set; }
    /// <summary>The nagari of domicile, for coverage rollups.</summary>
    public string? VillageCode { get; set; }
    public ServiceType Service { get; set; }
    public RecordingOutcome Outcome { get; set; }
    public NotRecordedReason? Reason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid RecordedById { get; set; }
    /// <summary>How far the recording has got towards the district server (decision 1210).</summary>
    public RecordingUpload UploadState { get; set; } = RecordingUpload.Acknowledged;
    public DateTimeOffset UploadStateAt { get; set; }
    /// <summary>Why the district server refused it; set exactly when <see cref="UploadState"/> is Failed.</summary>
    public string? UploadFailure { get; set; }
    /// <summary>A special recording (issue 15, item A4); <see cref="RecordingCategory.General"/> for everyone else.</summary>
    public RecordingCategory Category { get; set; } = RecordingCategory.General;
    /// <summary>ODGJ only: the iris scan was skipped.</summary>
    public bool IrisSkipped { get; set; }
    /// <summary>ODGJ only: who accompanied the resident.</summary>
    public string? CompanionName { get; set; }
    /// <summary>Inmates only: the regency the resident comes from.</summary>
    public string? HomeRegency { get; set; }
}

/// <summary>
/// A recording's way to the district server: captured at the counter, sent, acknowledged by the hub, or failed (with
/// the reason). A recording logged at the hub is acknowledged at once; at a field node it waits for the sync engine.
/// </summary>
public enum RecordingUpload { Captured, Sent, Acknowledged, Failed }

public static class RecordingUploadRule
{
    /// <summary>The state a recording logged here starts in: acknowledged at the hub, captured at a field node.</summary>
    public static RecordingUpload AtCapture(bool atFieldNode) => atFieldNode ? RecordingUpload.Captured : RecordingUpload.Acknowledged;
}

public enum CardStatus
{
    Recorded, SentForEnrollment, PrintReady, Printed, AtCollectionPoint, Collected,
    DuplicateRecord, EnrollmentFailed, SuketIssued,
    /// <summary>A first-time resident recorded at 16 (a school drive): enrolled, held until the 17th birthday, then print-ready.</summary>
    WaitingForAge,
}

public class Card : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public byte[] NikHash { get; set; } = [];
    public byte[] NikCipher { get; set; } = [];
    /// <summary>Keyed hash of the KK number of the card's latest recording that knew it; /status finds the card by NIK and KK.</summary>
    public byte[]? KkHash { get; set; }
    public string? VillageCode { get; set; }
    public CardStatus Status { get; set; } = CardStatus.Recorded;
    public string? FailureReason { get; set; }
    /// <summary>Where the resident was recorded.</summary>
    public Guid RecordedAtPointId { get; set; }
    public Guid? CollectionPointId { get; set; }
    public ServicePoint? CollectionPoint { get; set; }
    public Guid? RecordingId { get; set; }
    public DateOnly? SuketValidUntil { get; set; }
    /// <summary>
    /// The 17th birthday of a resident recorded before it (a pemula of a school drive): the card is not printed before
    /// this day (<see cref="CardTransitions.Refusal"/>). Null for everyone else.
    /// </summary>
    public DateOnly? PrintableFrom { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency: two staff moving the same card cannot both win.</summary>
    public uint Version { get; set; }
    public List<CardStatusChange> History { get; set; } = [];
}

public class CardStatusChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CardId { get; set; }
    public CardStatus? From { get; set; }
    public CardStatus To { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ById { get; set; }
    public Guid? ServicePointId { get; set; }
    public string? Note { get; set; }
}

public enum IkdOutcome { Activated, Failed }

/// <summary>Why an IKD activation failed at the counter: the fixed list staff choose from (with a note for <see cref="Other"/>).</summary>
public enum IkdFailureReason { NoSmartphone, PhoneNotSupported, NoActiveEmailOrNumber, DataNotFound, FaceVerificationFailed, NetworkDown, CentralServerDown, ResidentLeft, Other }

/// <summary>
/// The outcome of one IKD activation at the counter (one per queue ticket). Holds no personal data: the appointment
/// (when booked) links the resident; the nagari of domicile places it in the per-kecamatan figures.
/// </summary>
public class IkdActivation : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public Guid QueueTicketId { get; set; }
    public Guid? AppointmentId { get; set; }
    public string? VillageCode { get; set; }
    public IkdOutcome Outcome { get; set; }
    /// <summary>Set exactly when <see cref="Outcome"/> is Failed (a CHECK holds it).</summary>
    public IkdFailureReason? Reason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ById { get; set; }
}

/// <summary>
/// An office opened on one date beyond its weekly schedule (the Lebaran surge, issue 15): the slot generator cuts it into
/// slots like a weekly session. Sessions made in one admin step share a <see cref="BatchId"/>.
/// </summary>
public class ExtraSession : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public int SlotMinutes { get; set; } = 30;
    public int CapacityPerSlot { get; set; } = 4;
    public Guid BatchId { get; set; }
    public string Note { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedById { get; set; }
}

public enum BlankStockKind { Received, Used, Spoiled }

public class BlankStockEntry : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public BlankStockKind Kind { get; set; }
    public int Quantity { get; set; }
    public Guid? CardId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ById { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// <see cref="MobileStopCancelled"/> is recorded by the system when an Admin cancels a stop that holds bookings;
/// <see cref="ScheduleChange"/> when an Admin's change (schedule, holiday, closure, deactivation) takes booked slots.
/// Both are administrative: they mark appointments, but are no outage (not on /service-status, not in the dashboard's
/// disruption hours, not a block on rebooking offers). Stored by name: a new value needs no migration.
/// </summary>
public enum DisruptionKind { Network, CentralServer, Power, Equipment, NoCardBlanks, MobileStopCancelled, ScheduleChange }

public class Disruption : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public Guid ServicePointId { get; set; }
    public ServicePoint? ServicePoint { get; set; }
    public DisruptionKind Kind { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? ExpectedEndAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string PublicNote { get; set; } = "";
    public Guid DeclaredById { get; set; }
    public Guid? EndedById { get; set; }
    /// <summary>Only "no card blanks" leaves recording possible.</summary>
    public bool StopsRecording => Kind != DisruptionKind.NoCardBlanks;

    /// <summary>The kinds the system records for an Admin's change (see <see cref="DisruptionKind"/>): they mark
    /// appointments but are no outage.</summary>
    public static readonly DisruptionKind[] AdministrativeKinds = [DisruptionKind.MobileStopCancelled, DisruptionKind.ScheduleChange];

    public static bool IsAdministrativeKind(DisruptionKind kind) => AdministrativeKinds.Contains(kind);

    /// <summary>A cancelled mobile stop or an Admin's schedule change: not on /service-status, not in the dashboard's
    /// disruption hours, no block on rebooking offers, not listed (nor ended) at /staff/disruptions, not declarable.</summary>
    public bool IsAdministrative => IsAdministrativeKind(Kind);

    /// <summary>"Not administrative" for queries: <c>kind NOT IN ('MobileStopCancelled', 'ScheduleChange')</c>, as constants.</summary>
    public static readonly Expression<Func<Disruption, bool>> IsOutage = KindNotIn(AdministrativeKinds);

    private static Expression<Func<Disruption, bool>> KindNotIn(DisruptionKind[] kinds)
    {
        var d = Expression.Parameter(typeof(Disruption), "d");
        var kind = Expression.Property(d, nameof(Kind));
        var body = kinds.Select(k => (Expression)Expression.NotEqual(kind, Expression.Constant(k))).Aggregate(Expression.AndAlso);
        return Expression.Lambda<Func<Disruption, bool>>(body, d);
    }
}

public class PopulationTarget : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public required string RegionCode { get; set; }
    public int WajibKtp { get; set; }
    public int RecordedBefore { get; set; }
    public DateOnly AsOf { get; set; }
    public Guid? ImportId { get; set; }
}

/// <summary>An append-only record of a staff action; the database refuses UPDATE and DELETE on its table.</summary>
public class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public string? Role { get; set; }
    public Guid? ServicePointId { get; set; }
    public required string Action { get; set; }
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    /// <summary>Keyed hash of the resident's NIK, so a resident can be shown who looked at their data.</summary>
    public byte[]? SubjectNikHash { get; set; }
    public string? Reason { get; set; }
    public string? ClientAddress { get; set; }
}

public enum OutboxStatus { Pending, Sent, Failed }

public class OutboxMessage : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public required string Kind { get; set; }
    /// <summary>Unique per event, so an event queues its message once.</summary>
    public required string DedupKey { get; set; }
    public required string Recipient { get; set; }
    public required string Body { get; set; }
    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}

public enum VisitRequestStatus { Pending, Approved, Declined }

public class MobileVisitRequest : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public required string ContactName { get; set; }
    public required string Phone { get; set; }
    public required string VillageCode { get; set; }
    public required string Place { get; set; }
    public int PeopleCount { get; set; }
    public string PreferredDates { get; set; } = "";
    public VisitRequestStatus Status { get; set; } = VisitRequestStatus.Pending;
    public string? DecisionReason { get; set; }
    public Guid? MobileStopId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When retention cleared the contact's name and phone of this decided request (decision 1540).</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }
}

/// <summary>
/// A staff or resident form that created something, by its one-time key: the primary key lets one submit of a form
/// through, and a repeated submit is answered with <see cref="ResultId"/>, what the first created (decision 1315).
/// </summary>
public class FormSubmission
{
    public required string Form { get; set; }
    public Guid Key { get; set; }
    public Guid? ResultId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A school drive (issue 15, A2): a mobile-unit stop at a school for its first-time residents (pemula), who are recorded
/// from 16 when they turn 17 within the year; their cards wait for the 17th birthday (<see cref="Card.PrintableFrom"/>).
/// </summary>
public class SchoolDrive : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    /// <summary>The stop the mobile unit makes at the school: its date, nagari, place and hours.</summary>
    public Guid MobileStopId { get; set; }
    public MobileStop? MobileStop { get; set; }
    public required string SchoolName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedById { get; set; }
    public List<SchoolDriveStudent> Students { get; set; } = [];
}

/// <summary>One student on a school drive's list (imported from the school's CSV), and the outcome of their recording.</summary>
public class SchoolDriveStudent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SchoolDriveId { get; set; }
    public byte[] NikHash { get; set; } = [];
    public byte[] NikCipher { get; set; } = [];
    public string FullName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    /// <summary>The nagari of domicile, for coverage; the school's nagari when the list names none.</summary>
    public required string VillageCode { get; set; }
    /// <summary>The line of the imported file the student came from (the list keeps the school's order).</summary>
    public int Line { get; set; }
    public Guid? RecordingId { get; set; }
    public RecordingOutcome? Outcome { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
}
