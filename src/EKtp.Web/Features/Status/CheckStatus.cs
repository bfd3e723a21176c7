using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Status;

/// <summary>An appointment and the card of the same NIK, in plain words with what to do next.</summary>
public sealed record StatusView(Appointment Appointment, Card? Card, string? CollectionPointName, string AppointmentText, string CardText);

public sealed record StatusPageModel(LookupInput Input, StatusView? Result, Disruptions.AffectedAppointmentView? Affected = null);

public sealed class CheckStatus(EKtpDbContext db, IStringLocalizer<BookingText> l)
{
    /// <summary>The NIK's most recent card (a resident may have been recorded again after a failure).</summary>
    public async Task<StatusView> DescribeAsync(Appointment appointment, CancellationToken ct = default)
    {
        var card = await db.Cards.AsNoTracking().Include(c => c.CollectionPoint)
            .Where(c => c.NikHash == appointment.NikHash)
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(ct);
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
        var cardText = card?.Status switch
        {
            null => l["Belum ada data kartu. Kartu tercatat setelah Anda direkam."],
            CardStatus.Recorded => l["Data Anda sudah direkam dan akan dikirim ke pusat untuk diperiksa."],
            CardStatus.SentForEnrollment => l["Data Anda sedang diperiksa di pusat (Dukcapil Kemendagri). Tunggu beberapa hari, lalu cek lagi."],
            CardStatus.PrintReady => l["Data Anda lolos pemeriksaan pusat. Kartu menunggu dicetak."],
            CardStatus.Printed => l["Kartu sudah dicetak dan sedang dikirim ke tempat pengambilan."],
            CardStatus.AtCollectionPoint => l["Kartu siap diambil di {0}. Bawa KK; petugas memeriksa sidik jari Anda saat penyerahan.",
                collection ?? l["kantor tempat Anda merekam"]],
            CardStatus.Collected => l["Kartu sudah diambil. Simpan baik-baik."],
            CardStatus.DuplicateRecord => l["Data Anda tercatat ganda di pusat. Datang ke Kantor Dinas di Lubuk Sikaping dengan membawa KK untuk menyelesaikannya."],
            CardStatus.EnrollmentFailed => l["Pemeriksaan di pusat gagal. Datang ke kantor tempat Anda merekam dengan membawa KK untuk perekaman ulang."],
            _ => l["Blanko kartu sedang habis. Anda mendapat surat keterangan (Suket) yang berlaku sampai {0}; kartu dicetak saat blanko tersedia.",
                card.SuketValidUntil?.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) ?? "-"],
        };
        return new StatusView(appointment, card, collection, appointmentText, cardText);
    }
}
