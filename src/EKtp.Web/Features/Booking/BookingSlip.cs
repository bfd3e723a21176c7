using System.Globalization;
using System.Net;
using System.Text;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// What the slip shows and what it offers to download: the QR code of the booking code and an .ics event. The same slip
/// is shown just after booking and again on /booking/manage after a lookup; the PNG download is drawn from it in the
/// browser by <c>wwwroot/js/slip-image.js</c> (decision 1404).
/// </summary>
public sealed class BookingSlip(PersonalDataProtector protector, IStringLocalizer<BookingText> l)
{
    /// <summary>
    /// The slip of an appointment (loaded with its slot, stop and point). The NIK is masked; the name is not: the slip is
    /// shown only to whoever typed it, or looked it up with code and NIK, and a masked own name reads as an error.
    /// </summary>
    public SlipModel ModelOf(Appointment a) =>
        new(a, ServiceCatalog.Of(a.Service), PlaceOf(a), AddressOf(a), QrSvg(a.Code, l["Kode QR janji {0}", a.Code]),
            Masking.MaskIdNumber(protector.Decrypt(a.NikCipher)), a.FullName);

    /// <summary>An inline SVG (no image request, no script): the page stays one request on a slow link and prints sharply.</summary>
    public static string QrSvg(string code, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{WebUtility.HtmlEncode(label)}\" class=\"slip-qr\" ");
    }

    public static string PlaceOf(Appointment a) =>
        a.Slot?.MobileStop is { } stop
            ? $"{a.ServicePoint!.Name}, {stop.Place}{(stop.Village is { } v ? ", Nagari " + v.Name : "")}"
            : a.ServicePoint!.Name;

    /// <summary>The place a message names for a slot (loaded with its point and stop): the point, and the stop's place.</summary>
    public static string PlaceInMessage(Slot slot) =>
        slot.MobileStop is { } stop ? $"{slot.ServicePoint!.Name}, {stop.Place}" : slot.ServicePoint!.Name;

    public static string AddressOf(Appointment a) => a.Slot?.MobileStop is not null ? "" : a.ServicePoint!.Address;

    /// <summary>An iCalendar event (RFC 5545) for the resident's phone calendar; it carries the code, no personal data.</summary>
    public static string Ics(Appointment a, string summary, string documents, DateTimeOffset stamp)
    {
        static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        static string Escape(string s) => s.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\n", "\\n");
        var location = string.Join(", ", new[] { PlaceOf(a), AddressOf(a) }.Where(s => s.Length > 0));
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append("\r\n");
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//DPKS Kabupaten Pasaman//EKtp//ID");
        Line("METHOD:PUBLISH");
        Line("BEGIN:VEVENT");
        Line($"UID:{a.Code}@ektp.pasamankab.go.id");
        Line($"DTSTAMP:{Utc(stamp)}");
        Line($"DTSTART:{Utc(a.Slot!.StartsAt)}");
        Line($"DTEND:{Utc(a.Slot.EndsAt)}");
        Line($"SUMMARY:{Escape(summary)} ({a.Code})");
        Line($"LOCATION:{Escape(location)}");
        Line($"DESCRIPTION:{Escape(documents)}");
        Line("END:VEVENT");
        Line("END:VCALENDAR");
        return sb.ToString();
    }
}
