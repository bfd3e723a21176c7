using System.Security.Cryptography;

namespace EKtp.Web.Domain;

/// <summary>
/// Appointment codes such as <c>PSM-7K3Q2XQ</c>: seven characters from an alphabet without 0/O/1/I/L, so a code can be
/// read aloud over a bad phone line. 31^7 ≈ 27.5 billion codes, drawn with a cryptographic generator: unguessable.
/// </summary>
public static class BookingCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 7;

    /// <summary>
    /// The deployment's prefix (<c>Booking:CodePrefix</c>, default <c>PSM-</c>), set once at start-up from the validated
    /// options: a code's shape is as fixed for a deployment as its regency, and every caller stays a plain function.
    /// </summary>
    public static string Prefix { get; private set; } = "PSM-";

    /// <summary>A code to show as an example in a form: <c>PSM-7K3Q2XQ</c>.</summary>
    public static string Example => Prefix + "7K3Q2XQ";

    public static void UsePrefix(string prefix) => Prefix = prefix;

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Upper-cases, drops spaces, and adds the prefix when a resident leaves it out.</summary>
    public static string Normalize(string? input)
    {
        var s = new string((input ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        if (s.StartsWith(Prefix, StringComparison.Ordinal)) return s;
        if (s.StartsWith(Prefix[..^1], StringComparison.Ordinal)) return Prefix + s[(Prefix.Length - 1)..];
        return Prefix + s;
    }

    public static bool IsWellFormed(string code) =>
        code.Length == Prefix.Length + Length && code.StartsWith(Prefix, StringComparison.Ordinal) && code[Prefix.Length..].All(Alphabet.Contains);
}
