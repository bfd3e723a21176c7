using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;

namespace EKtp.Web.Features.HomeVisits;

/// <summary>
/// The message at each step of a home visit, queued in the outbox with the step's own transaction. Each names the
/// reference and links to its status page; none carries the resident's name, address or the family member's name.
/// </summary>
public static class HomeVisitMessages
{
    public const string KindReceived = "home-visit-received";
    public const string KindScheduled = "home-visit-scheduled";
    public const string KindUnscheduled = "home-visit-unscheduled";
    public const string KindDone = "home-visit-done";
    public const string KindDeclined = "home-visit-declined";

    public static string StatusLink(string reference, SiteOptions site) => site.Link(HomeVisitController.StatusPath(reference));

    public static void Received(EKtpDbContext db, TimeProvider clock, HomeVisitRequest r, SiteOptions site) =>
        db.Enqueue(clock, KindReceived, $"{KindReceived}:{r.Id}", r.Phone,
            $"EKtp: Permintaan perekaman di rumah {r.Reference} diterima. Petugas akan mengabari jadwalnya. Status: {StatusLink(r.Reference, site)}");

    public static void Scheduled(EKtpDbContext db, TimeProvider clock, HomeVisitRequest r, MobileStop stop, SiteOptions site) =>
        db.Enqueue(clock, KindScheduled, $"{KindScheduled}:{r.Id}:{stop.Id}", r.Phone,
            $"EKtp: Perekaman di rumah {r.Reference} dijadwalkan {WibText.InMessage(stop.Date)}. Siapkan KK. Status: {StatusLink(r.Reference, site)}");

    /// <summary>The stop it was planned into was cancelled: the request waits for a new day.</summary>
    public static void Unscheduled(EKtpDbContext db, TimeProvider clock, HomeVisitRequest r, MobileStop stop, SiteOptions site) =>
        db.Enqueue(clock, KindUnscheduled, $"{KindUnscheduled}:{r.Id}:{stop.Id}", r.Phone,
            $"EKtp: Kunjungan perekaman di rumah {r.Reference} {WibText.InMessage(stop.Date)} batal. Petugas akan mengabari jadwal baru. Status: {StatusLink(r.Reference, site)}");

    public static void Done(EKtpDbContext db, TimeProvider clock, HomeVisitRequest r, SiteOptions site) =>
        db.Enqueue(clock, KindDone, $"{KindDone}:{r.Id}", r.Phone,
            $"EKtp: Perekaman di rumah {r.Reference} sudah dilakukan. Terima kasih.");

    /// <summary>The reason is staff's free text: a NIK or KK number typed into it is masked before it leaves in an SMS.</summary>
    public static void Declined(EKtpDbContext db, TimeProvider clock, HomeVisitRequest r, SiteOptions site) =>
        db.Enqueue(clock, KindDeclined, $"{KindDeclined}:{r.Id}", r.Phone,
            $"EKtp: Permintaan perekaman di rumah {r.Reference} belum dapat dipenuhi: {FreeText.MaskNumbers(r.DeclineReason ?? "")} Status: {StatusLink(r.Reference, site)}");
}
