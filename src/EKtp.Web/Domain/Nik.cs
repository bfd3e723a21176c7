using System.Diagnostics.CodeAnalysis;

namespace EKtp.Web.Domain;

public enum NikProblem { None, Format, Province, Regency, BirthDate, Serial }

/// <summary>
/// A Nomor Induk Kependudukan: <c>PP RR CC DDMMYY SSSS</c>. There is no check digit, so validation is about
/// plausibility: the parts must be in range and the date must exist. An unknown kecamatan code is accepted,
/// because codes retire when regions split and a NIK is for life.
/// </summary>
public readonly record struct Nik
{
    private Nik(string value, DateOnly birthDate, bool isFemale)
    {
        Value = value;
        BirthDate = birthDate;
        IsFemale = isFemale;
    }

    public string Value { get; }
    public DateOnly BirthDate { get; }
    public bool IsFemale { get; }
    public string ProvinceCode => Value[..2];
    public string RegencyCode => $"{Value[..2]}.{Value[2..4]}";
    public string KecamatanCode => $"{RegencyCode}.{Value[4..6]}";

    /// <summary>The NIK as it may be shown masked: <c>1308 **** **** 0001</c> (<see cref="Masking.MaskIdNumber"/>).</summary>
    public string Masked => Masking.MaskIdNumber(Value);

    public override string ToString() => Masked;

    public static NikProblem Check(string? input, DateOnly today, out Nik nik)
    {
        nik = default;
        var s = Normalize(input);
        if (s.Length != 16 || !s.All(char.IsAsciiDigit)) return NikProblem.Format;

        var province = int.Parse(s[..2]);
        if (province < 11 || province > 96) return NikProblem.Province;
        var regency = int.Parse(s[2..4]);
        if (regency is 0 or 70) return NikProblem.Regency; // 01–69 kabupaten, 71–99 kota

        var day = int.Parse(s[6..8]);
        var female = day > 40;
        if (female) day -= 40;
        var month = int.Parse(s[8..10]);
        var yy = int.Parse(s[10..12]);
        // Two-digit years: a year that would put the birth in the future belongs to the previous century.
        var year = 2000 + yy;
        if (year > today.Year) year -= 100;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return NikProblem.BirthDate;
        var birth = new DateOnly(year, month, day);
        if (birth > today) return NikProblem.BirthDate;

        if (s[12..] == "0000") return NikProblem.Serial;
        nik = new Nik(s, birth, female);
        return NikProblem.None;
    }

    public static bool TryParse(string? input, DateOnly today, [NotNullWhen(true)] out Nik? nik)
    {
        var problem = Check(input, today, out var parsed);
        nik = problem == NikProblem.None ? parsed : null;
        return nik is not null;
    }

    /// <summary>Spaces, dots and dashes that people type or paste are ignored.</summary>
    public static string Normalize(string? input) =>
        new((input ?? "").Where(c => !char.IsWhiteSpace(c) && c is not '.' and not '-').ToArray());

    /// <summary>A NIK or KK number as people read it off the card, in groups of four: <c>1308 0515 0590 0001</c>.</summary>
    public static string Grouped(string? input) => string.Join(' ', Normalize(input).Chunk(4).Select(g => new string(g)));
}

/// <summary>A Kartu Keluarga number: 16 digits, the first six the issuing area's code.</summary>
public static class KkNumber
{
    public static bool IsValid(string? input)
    {
        var s = Nik.Normalize(input);
        if (s.Length != 16 || !s.All(char.IsAsciiDigit)) return false;
        var province = int.Parse(s[..2]);
        return province is >= 11 and <= 96 && s[2..4] != "00" && s[12..] != "0000";
    }
}

public static class Masking
{
    /// <summary>
    /// The one masking of a NIK or KK number, wherever one is shown masked (pages, exports, free text, logs): its first
    /// four and last four digits, grouped by four, <c>1308 **** **** 0001</c>. Spaces, dots and dashes are ignored. A
    /// value of another length (a malformed import line) keeps at most four digits each end, and only when at least half
    /// of it stays hidden, so no masked value shows more than 8 digits.
    /// </summary>
    public static string MaskIdNumber(string? value)
    {
        var s = Nik.Normalize(value);
        var shown = s.Length >= 16 ? 4 : s.Length / 4;
        var masked = s[..shown] + new string('*', s.Length - 2 * shown) + s[^shown..];
        return string.Join(' ', masked.Chunk(4).Select(g => new string(g)));
    }

    /// <summary>A phone number shown as <c>0812****789</c>.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length <= 7 ? new string('*', phone.Length) : phone[..4] + new string('*', phone.Length - 7) + phone[^3..];

    /// <summary>A name shown as its initials and first letters: <c>S*** R***</c>.</summary>
    public static string MaskName(string name) =>
        string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[0] + new string('*', Math.Min(3, w.Length - 1))));
}

public static class PhoneNumber
{
    /// <summary>Normalises an Indonesian mobile number to <c>+628…</c>; null when it is not one.</summary>
    public static string? Normalize(string? input)
    {
        var s = new string((input ?? "").Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '(' and not ')' and not '.').ToArray());
        if (s.StartsWith("+62", StringComparison.Ordinal)) s = s[3..];
        else if (s.StartsWith("62", StringComparison.Ordinal)) s = s[2..];
        else if (s.StartsWith('0')) s = s[1..];
        else return null;
        if (!s.StartsWith('8') || !s.All(char.IsAsciiDigit) || s.Length is < 9 or > 12) return null;
        return "+62" + s;
    }

    /// <summary>A mobile number as residents write it, in groups of four: <c>0812-3456-7890</c>; as typed when it is not one.</summary>
    public static string Display(string? input)
    {
        if (Normalize(input) is not { } normalized) return input ?? "";
        var local = "0" + normalized[3..];
        return string.Join('-', local.Chunk(4).Select(c => new string(c)));
    }
}

public static class Eligibility
{
    public const int MinimumAge = 17;

    /// <summary>UU 24/2013 Pasal 63: 17 or older, or married or once married.</summary>
    public static bool IsEligible(DateOnly birthDate, bool marriedOrOnceMarried, DateOnly today) =>
        marriedOrOnceMarried || AgeOn(birthDate, today) >= MinimumAge;

    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        if (today < birthDate.AddYears(age)) age--;
        return age;
    }
}
