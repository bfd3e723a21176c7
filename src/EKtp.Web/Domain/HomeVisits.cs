using System.Security.Cryptography;

namespace EKtp.Web.Domain;

/// <summary>Why a resident cannot come to a service point: the reasons a home recording (jemput bola) is asked for.</summary>
public enum HomeVisitReason { Elderly, Disability, Sick, Other }

/// <summary>A home visit's way: submitted → scheduled (into a mobile-unit day) → done, or declined with a reason.</summary>
public enum HomeVisitStatus { Submitted, Scheduled, Done, Declined }

/// <summary>
/// A request for one resident to be recorded at home (issue 15, item A1). Found by its <see cref="Reference"/>, which
/// is unguessable and says nothing about the resident, so it can travel in a link (decision 1501).
/// </summary>
public class HomeVisitRequest : IRegencyScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RegencyCode { get; set; } = "";
    public required string Reference { get; set; }
    /// <summary>The resident to be recorded.</summary>
    public required string ResidentName { get; set; }
    public HomeVisitReason Reason { get; set; }
    /// <summary>What "other" means; set only with <see cref="HomeVisitReason.Other"/>.</summary>
    public string? ReasonNote { get; set; }
    public required string VillageCode { get; set; }
    public required string Address { get; set; }
    /// <summary>The contact's mobile number, normalised (<c>+628…</c>): every message goes there.</summary>
    public required string Phone { get; set; }
    /// <summary>A family member who will be at home with the resident.</summary>
    public required string FamilyMemberName { get; set; }
    public HomeVisitStatus Status { get; set; } = HomeVisitStatus.Submitted;
    /// <summary>The mobile-unit day the visit is planned into; set once scheduled.</summary>
    public Guid? MobileStopId { get; set; }
    public DateOnly? ScheduledDate { get; set; }
    public string? DeclineReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last step's time; for a done or declined request (final), when it closed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When retention cleared the personal fields of this closed request (decision 1540).</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }
}

public static class HomeVisitReference
{
    public const string Prefix = "JB-";

    /// <summary>A reference such as <c>JB-7K3Q2XQ</c>: the booking code's alphabet and length, drawn with a cryptographic generator.</summary>
    public static string New() => Prefix + RandomNumberGenerator.GetString(BookingCode.Alphabet, BookingCode.Length);

    /// <summary>Upper-cases, drops spaces, and adds the prefix when it is left out.</summary>
    public static string Normalize(string? input)
    {
        var s = new string((input ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return s.StartsWith(Prefix, StringComparison.Ordinal) ? s : Prefix + s;
    }

    public static bool IsWellFormed(string reference) =>
        reference.Length == Prefix.Length + BookingCode.Length && reference.StartsWith(Prefix, StringComparison.Ordinal)
        && reference[Prefix.Length..].All(BookingCode.Alphabet.Contains);
}

/// <summary>
/// A recording made for a resident who needs special handling (issue 15, item A4), recorded with the outcome:
/// a resident with a mental disorder (ODGJ: iris scan skipped, a companion named), an inmate (at a prison visit, the
/// home regency noted), a bedridden resident (at a home visit).
/// </summary>
public enum RecordingCategory { General, Odgj, Inmate, Bedridden }
