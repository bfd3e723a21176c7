using System.Text.RegularExpressions;

namespace EKtp.Web.Domain;

/// <summary>
/// What is kept of text a person typed freely (a cancel reason, a note, a disruption notice): a NIK or KK number
/// written into it is masked as the product masks them everywhere (first four and last four digits), and it is cut to
/// the column's length, so a note can neither leak a number nor fail a save.
/// </summary>
public static partial class FreeText
{
    // Sixteen digits, optionally grouped by spaces, dots or dashes as people write them: 1308 0512 3456 0001.
    [GeneratedRegex(@"(?<!\d)(\d(?:[ .\-]?\d){15})(?!\d)")]
    private static partial Regex SixteenDigitRun();

    public static string MaskNumbers(string text) =>
        text.Length < 16 ? text : SixteenDigitRun().Replace(text, m => Masking.MaskIdNumber(m.Value));

    public static string Clean(string text, int maxLength)
    {
        var masked = MaskNumbers(text);
        return masked.Length <= maxLength ? masked : masked[..maxLength];
    }
}
