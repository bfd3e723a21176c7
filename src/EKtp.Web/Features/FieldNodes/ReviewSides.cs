using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// The two sides of a review item (decision 1223). The applier stores each side as a phrase: a localisation key of
/// <see cref="FieldNodesText"/> and its arguments, as a JSON array <c>["Status di server dinas: {0}", "~Dibatalkan"]</c>;
/// an argument starting with <c>~</c> is itself a word to translate (a status, an outcome), the others are values
/// (times, codes, numbers). /admin/field-nodes renders the phrase in the reader's language. Items stored before this
/// (English sentences with the enums' raw names) are read back into the same phrases by <see cref="Legacy"/>; a text
/// neither form matches (the IKD items, written in Indonesian) is shown as it is.
/// </summary>
public static partial class ReviewSides
{
    public const string CheckIn = "Check-in {0}, nomor antrean {1}";
    public const string Served = "Dilayani {0}: {1}";
    public const string HubStatus = "Status di server dinas: {0}";
    public const string HubStatusUnknown = "Tidak ada di server dinas";
    public const string Ticket = "Nomor antrean {0} tanggal {1}";
    public const string TicketTaken = "Nomor itu atau janji temu itu sudah punya nomor antrean di server dinas";
    public const string Provisional = "Check-in sementara kode {0} pada {1}";
    public const string NoSuchCode = "Tidak ada janji temu dengan kode ini";
    public const string CodeOnDate = "Janji temu tanggal {1}: {0}";
    public const string CodeOnDateElsewhere = "Janji temu tanggal {1} di tempat layanan lain: {0}";
    public const string HandedOver = "Diserahkan di loket {0}";
    public const string NoSuchCard = "Kartu ini tidak ada di server dinas";
    public const string CardStatus = "Status kartu di server dinas: {0}";
    public const string CardStatusSince = "Status kartu di server dinas: {0} sejak {1}";
    public const string CardElsewhere = "Status kartu di server dinas: {0}, di tempat pengambilan lain";
    public const string CardSinceElsewhere = "Status kartu di server dinas: {0} sejak {1}, di tempat pengambilan lain";
    public const string Stock = "{0} blangko {1} pada {2}";
    public const string Balance = "Sisa stok di server dinas: {0}";
    public const string UnknownEvent = "Peristiwa jenis {0} nomor {1} dari {2}";
    public const string UnknownEventHub = "Versi server dinas ini belum mengenal jenis peristiwa ini; peristiwa disimpan dan diterapkan setelah server dinas dimutakhirkan";

    /// <summary>Every phrase the applier writes (a test checks each has its English entry).</summary>
    public static readonly IReadOnlyList<string> Phrases =
    [
        CheckIn, Served, HubStatus, HubStatusUnknown, Ticket, TicketTaken, Provisional, NoSuchCode, CodeOnDate, CodeOnDateElsewhere,
        HandedOver, NoSuchCard, CardStatus, CardStatusSince, CardElsewhere, CardSinceElsewhere, Stock, Balance, UnknownEvent, UnknownEventHub,
    ];

    /// <summary>Every word a phrase can carry (a test checks each has its English entry).</summary>
    public static IEnumerable<string> Words =>
        Enum.GetValues<AppointmentStatus>().Select(AppointmentWords.KeyOf)
            .Concat(Enum.GetValues<Domain.CardStatus>().Select(CardTransitions.Name))
            .Concat(Enum.GetValues<RecordingOutcome>().Select(Word))
            .Concat(Enum.GetValues<BlankStockKind>().Select(Word));

    public static string Word(RecordingOutcome outcome) => outcome == RecordingOutcome.Recorded ? "berhasil direkam" : "gagal direkam";

    public static string Word(BlankStockKind kind) => kind switch
    {
        BlankStockKind.Received => "diterima",
        BlankStockKind.Used => "terpakai",
        _ => "rusak",
    };

    /// <summary>A phrase as the applier stores it.</summary>
    public static string Of(string phrase, params object[] args) =>
        JsonSerializer.Serialize(new[] { phrase }.Concat(args.Select(Arg)));

    /// <summary>A word argument (translated when shown).</summary>
    public static string W(string word) => "~" + word;

    private static string Arg(object a) => a switch
    {
        string s => s,
        DateTimeOffset t => t.ToWib().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => a.ToString() ?? "",
    };

    /// <summary>A stored side in the reader's language.</summary>
    public static string Render(IStringLocalizer l, string kind, string stored)
    {
        var phrase = Parse(kind, stored);
        if (phrase is null) return stored;
        var args = phrase.Skip(1).Select(a => a.StartsWith('~') ? (object)l[a[1..]].Value : a).ToArray();
        return l[phrase[0], args].Value;
    }

    /// <summary>A stored side as a phrase (key, then arguments), or null when it is neither a phrase nor a known older text.</summary>
    public static string[]? Parse(string kind, string stored)
    {
        if (stored.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(stored) is { Length: > 0 } p ? p : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return Legacy(kind, stored);
    }

    /// <summary>The English sentences the applier wrote before decision 1223, read back into phrases.</summary>
    public static string[]? Legacy(string kind, string text)
    {
        Match m;
        if ((m = LegacyCheckIn().Match(text)).Success) return [CheckIn, m.Groups[1].Value, m.Groups[2].Value];
        if ((m = LegacyServed().Match(text)).Success && Enum.TryParse<RecordingOutcome>(m.Groups[2].Value, out var outcome))
            return [Served, m.Groups[1].Value, W(Word(outcome))];
        if (text == "status unknown") return [HubStatusUnknown];
        if (kind == nameof(FieldReviewKind.CardNotCollectable) && (m = LegacyCardStatus().Match(text)).Success
            && Enum.TryParse<Domain.CardStatus>(m.Groups[1].Value, out var card))
        {
            var (since, elsewhere) = (m.Groups[2].Success, m.Groups[3].Success);
            var phrase = since ? (elsewhere ? CardSinceElsewhere : CardStatusSince) : elsewhere ? CardElsewhere : CardStatus;
            return since ? [phrase, W(CardTransitions.Name(card)), m.Groups[2].Value] : [phrase, W(CardTransitions.Name(card))];
        }
        if ((m = LegacyStatus().Match(text)).Success && Enum.TryParse<AppointmentStatus>(m.Groups[1].Value, out var status))
            return [HubStatus, W(AppointmentWords.KeyOf(status))];
        if ((m = LegacyTicket().Match(text)).Success) return [Ticket, m.Groups[1].Value, m.Groups[2].Value];
        if (text == "the number or the appointment already has a ticket") return [TicketTaken];
        if ((m = LegacyProvisional().Match(text)).Success) return [Provisional, m.Groups[1].Value, m.Groups[2].Value];
        if (text == "no appointment has this code") return [NoSuchCode];
        if ((m = LegacyCodeOnDate().Match(text)).Success && Enum.TryParse(m.Groups[1].Value, out status))
            return [m.Groups[3].Success ? CodeOnDateElsewhere : CodeOnDate, W(AppointmentWords.KeyOf(status)), m.Groups[2].Value];
        if ((m = LegacyHandedOver().Match(text)).Success) return [HandedOver, m.Groups[1].Value];
        if (text == "no such card") return [NoSuchCard];
        if ((m = LegacyStock().Match(text)).Success && Enum.TryParse<BlankStockKind>(m.Groups[2].Value, out var stock))
            return [Stock, m.Groups[1].Value, W(Word(stock)), m.Groups[3].Value];
        if ((m = LegacyBalance().Match(text)).Success) return [Balance, m.Groups[1].Value];
        return null;
    }

    [GeneratedRegex(@"^check-in at (.+), ticket (\S+)$")]
    private static partial Regex LegacyCheckIn();

    [GeneratedRegex(@"^served at (.+): (\w+)$")]
    private static partial Regex LegacyServed();

    [GeneratedRegex(@"^status (\w+)(?: since (.+?))?( at another point)?$")]
    private static partial Regex LegacyCardStatus();

    [GeneratedRegex(@"^status (\w+)$")]
    private static partial Regex LegacyStatus();

    [GeneratedRegex(@"^ticket (\S+) on (\d{4}-\d{2}-\d{2})$")]
    private static partial Regex LegacyTicket();

    [GeneratedRegex(@"^provisional check-in of code (\S+) at (.+)$")]
    private static partial Regex LegacyProvisional();

    [GeneratedRegex(@"^appointment (\w+) on (\d{4}-\d{2}-\d{2})( at another point)?$")]
    private static partial Regex LegacyCodeOnDate();

    [GeneratedRegex(@"^handed over at (.+)$")]
    private static partial Regex LegacyHandedOver();

    [GeneratedRegex(@"^(\d+) (\w+) at (.+)$")]
    private static partial Regex LegacyStock();

    [GeneratedRegex(@"^balance (-?\d+)$")]
    private static partial Regex LegacyBalance();
}
