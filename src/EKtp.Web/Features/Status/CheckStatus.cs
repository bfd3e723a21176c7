using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Status;

/// <summary>An appointment and the card of the same NIK, in plain words with what to do next.</summary>
public sealed record StatusView(Appointment Appointment, Card? Card, string? CollectionPointName, string AppointmentText, string CardText,
    QueuePlace? Queue = null);

/// <summary>Today's queue at the appointment's point as the waiting-room board shows it, and the resident's place in it.</summary>
public sealed record QueuePlace(string Text, string BoardPath);

/// <summary>A card found without an appointment: by a walk-in's status code (with the visit) or by NIK and KK.</summary>
public sealed record CardView(string Heading, string? VisitText, string CardText);

public sealed record StatusPageModel(LookupInput Input, StatusView? Result, Disruptions.AffectedAppointmentView? Affected = null,
    CardLookupInput? Card = null, CardView? CardResult = null);

public sealed class CheckStatus(EKtpDbContext db, TimeProvider clock, Display.QueueBoard board, IStringLocalizer<BookingText> l)
{
    /// <summary>The NIK's most recent card (a resident may have been recorded again after a failure).</summary>
    public async Task<StatusView> DescribeAsync(Appointment appointment, CancellationToken ct = default)
    {
        var card = await LatestCardAsync(appointment.NikHash, ct);
        var when = WibText.DayAndClock(appointment.Slot!.StartsAt);
        var place = appointment.Slot.MobileStop is { } stop ? $"{appointment.ServicePoint!.Name} — {stop.Place}" : appointment.ServicePoint!.Name;
        var appointmentText = appointment.Status switch
        {
            AppointmentStatus.Booked => l["Janji Anda terdaftar: {0} WIB di {1}. Datang tepat waktu dengan membawa dokumen yang diminta.", when, place],
            AppointmentStatus.CheckedIn => l["Anda sudah hadir. Tunggu nomor antrean Anda dipanggil."],
            AppointmentStatus.Completed => l["Perekaman sudah selesai. Pantau status kartu di bawah."],
            AppointmentStatus.NotRecorded => l["Perekaman belum berhasil. Buat janji baru untuk merekam ulang."],
            AppointmentStatus.NoShow => l["Anda tidak datang pada jadwal. Buat janji baru bila masih perlu."],
            _ => l["Janji ini sudah dibatalkan. Buat janji baru bila masih perlu."],
        };
        var collection = card?.CollectionPoint?.Name;
        var cardText = CardText(card);
        return new StatusView(appointment, card, collection, appointmentText, cardText, await QueuePlaceAsync(appointment, ct));
    }

    /// <summary>A walk-in's visit (found by its status code) and the card of the NIK recorded there.</summary>
    public async Task<CardView> DescribeAsync(WalkInVisit visit, CancellationToken ct = default)
    {
        var card = await LatestCardAsync(visit.NikHash, ct);
        return new CardView(l["Kode status {0}", visit.StatusCode],
            l["Anda datang langsung ke {0} pada {1}, nomor antrean {2}.", visit.PointName, WibText.Day(visit.ServiceDate), visit.Label],
            CardText(card));
    }

    /// <summary>A card found by NIK and KK number.</summary>
    public CardView Describe(Card card) => new(l["Kartu KTP-el"], null, CardText(card));

    private Task<Card?> LatestCardAsync(byte[] nikHash, CancellationToken ct) =>
        db.Cards.AsNoTracking().Include(c => c.CollectionPoint).Where(c => c.NikHash == nikHash)
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(ct);

    /// <summary>Where the card is, in plain words with what to do next.</summary>
    private string CardText(Card? card) => card?.Status switch
    {
        null => l["Belum ada data kartu. Kartu tercatat setelah Anda direkam."],
        CardStatus.Recorded => l["Data Anda sudah direkam dan akan dikirim ke pusat untuk diperiksa."],
        CardStatus.SentForEnrollment => l["Data Anda sedang diperiksa di pusat (Dukcapil Kemendagri). Tunggu beberapa hari, lalu cek lagi."],
        CardStatus.PrintReady => l["Data Anda lolos pemeriksaan pusat. Kartu menunggu dicetak."],
        CardStatus.Printed => l["Kartu sudah dicetak dan sedang dikirim ke tempat pengambilan."],
        CardStatus.AtCollectionPoint => l["Kartu siap diambil di {0}. Bawa KK; petugas memeriksa sidik jari Anda saat penyerahan.",
            card.CollectionPoint?.Name ?? l["kantor tempat Anda merekam"]],
        CardStatus.Collected => l["Kartu sudah diambil. Simpan baik-baik."],
        CardStatus.DuplicateRecord => l["Data Anda tercatat ganda di pusat. Datang ke Kantor Dinas di Lubuk Sikaping dengan membawa KK untuk menyelesaikannya."],
        CardStatus.EnrollmentFailed => l["Pemeriksaan di pusat gagal. Datang ke kantor tempat Anda merekam dengan membawa KK untuk perekaman ulang."],
        _ => l["Blanko kartu sedang habis. Anda mendapat surat keterangan (Suket) yang berlaku sampai {0}; kartu dicetak saat blanko tersedia.",
            card.SuketValidUntil?.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) ?? "-"],
    };

    /// <summary>
    /// For an appointment of today not yet served: the number being called and the resident's own, from the board's
    /// reader (the same order "call next" follows), so the page and the waiting-room screen never disagree.
    /// </summary>
    private async Task<QueuePlace?> QueuePlaceAsync(Appointment a, CancellationToken ct)
    {
        if (a.Status is not (AppointmentStatus.Booked or AppointmentStatus.CheckedIn) || a.Slot!.Date != clock.Today()) return null;
        var view = await board.ReadAsync(a.ServicePoint!.Code, ct);
        if (view is null) return null;
        var ticket = await db.QueueTickets.AsNoTracking().Where(t => t.AppointmentId == a.Id && t.ServiceDate == a.Slot.Date)
            .Select(t => new { t.Series, t.Number, t.Status }).FirstOrDefaultAsync(ct);
        var serving = view.LastCalled?.Label;
        string text;
        if (ticket is null)
            text = serving is null
                ? l["Belum ada nomor yang dipanggil. Setelah check-in di loket, Anda mendapat nomor antrean."]
                : l["Sedang dipanggil {0}. Setelah check-in di loket, Anda mendapat nomor antrean.", serving];
        else
        {
            var own = QueueOrder.Label(ticket.Series, ticket.Number);
            var ahead = view.Next.ToList().IndexOf(own);
            text = ticket.Status switch
            {
                TicketStatus.Waiting when serving is null => l["Anda nomor {0}; belum ada nomor yang dipanggil.", own],
                TicketStatus.Waiting when ahead > 0 => l["Anda nomor {0}; sedang dipanggil {1}. {2} orang lagi sebelum Anda.", own, serving!, ahead],
                TicketStatus.Waiting => l["Anda nomor {0}; sedang dipanggil {1}.", own, serving!],
                _ => l["Nomor Anda {0} sudah dipanggil. Segera ke loket.", own],
            };
        }
        return new QueuePlace(text, "/display/" + Uri.EscapeDataString(a.ServicePoint.Code));
    }
}
