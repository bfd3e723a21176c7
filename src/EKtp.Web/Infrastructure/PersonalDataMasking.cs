using System.Text.RegularExpressions;
using EKtp.Web.Domain;
using Serilog.Core;
using Serilog.Events;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// The last line of defence for logs: any 16-digit run (a NIK or KK number, also grouped by spaces, dots or dashes) or Indonesian phone number in a log
/// event's message template or properties is masked before a sink sees it. Code should not log personal data in
/// the first place; this catches what slips through (a query string, a model-binding error, an exception message).
/// </summary>
public static partial class PersonalDataMasking
{
    [GeneratedRegex(@"(?<![\d+])(\+62|62|0)(8\d{2})\d{4,7}(\d{2})(?!\d)")]
    private static partial Regex PhoneLike();

    /// <summary>The fewest digits a maskable number has: a phone number (08xx and six more, or +628xx...); a NIK or KK has 16.</summary>
    public const int MinimumDigits = 10;

    /// <summary>The smallest integer with <see cref="MinimumDigits"/> digits (a NIK logged as a number is far above it).</summary>
    public const long SmallestPersonalNumber = 1_000_000_000;

    /// <summary>Whether the text has at least <see cref="MinimumDigits"/> digits at all: below that nothing can be masked.</summary>
    public static bool HasEnoughDigits(string text)
    {
        if (text.Length < MinimumDigits) return false;
        var span = text.AsSpan();
        var digits = 0;
        for (var at = span.IndexOfAnyInRange('0', '9'); at >= 0; at = span.IndexOfAnyInRange('0', '9'))
        {
            if (++digits >= MinimumDigits) return true;
            span = span[(at + 1)..];
        }
        return false;
    }

    public static string Mask(string text)
    {
        if (!HasEnoughDigits(text)) return text;
        // The same masking as pages and free text (FreeText.MaskNumbers): 1308 **** **** 0001, also when grouped.
        var masked = FreeText.MaskNumbers(text);
        return PhoneLike().Replace(masked, "$1$2*****$3");
    }
}

/// <summary>
/// Masks the properties of every event for sinks that render them without <see cref="MaskingTextFormatter"/> (a sink
/// added in configuration). Most properties of a request's events hold no digits worth a look (a method, a path, a
/// status code, an elapsed time): they are passed over by a scan that allocates nothing, and the event is copied only
/// when a value really changes.
/// </summary>
public sealed class PersonalDataMaskingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (!MayHoldPersonalNumber(value)) continue;
            var masked = MaskValue(value);
            if (!ReferenceEquals(masked, value)) (changed ??= []).Add(new LogEventProperty(name, masked));
        }
        if (changed is null) return;
        foreach (var property in changed) logEvent.AddOrUpdateProperty(property);
    }

    /// <summary>
    /// Whether a value could hold a NIK, KK number or phone number: every one of them has at least
    /// <see cref="PersonalDataMasking.MinimumDigits"/> digits. Structures and sequences are always looked into.
    /// </summary>
    private static bool MayHoldPersonalNumber(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => PersonalDataMasking.HasEnoughDigits(s),
        ScalarValue { Value: long l } => l is >= PersonalDataMasking.SmallestPersonalNumber or <= -PersonalDataMasking.SmallestPersonalNumber,
        ScalarValue { Value: ulong u } => u >= PersonalDataMasking.SmallestPersonalNumber,
        ScalarValue { Value: decimal d } => Math.Abs(d) >= PersonalDataMasking.SmallestPersonalNumber,
        ScalarValue => false,
        _ => true,
    };

    private static LogEventPropertyValue MaskValue(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } when PersonalDataMasking.Mask(s) is var m && m != s => new ScalarValue(m),
        ScalarValue { Value: long or decimal or ulong } sv when PersonalDataMasking.Mask(sv.Value.ToString()!) is var m && m != sv.Value.ToString() => new ScalarValue(m),
        SequenceValue seq => new SequenceValue(seq.Elements.Select(MaskValue)),
        StructureValue st => new StructureValue(st.Properties.Select(p => new LogEventProperty(p.Name, MaskValue(p.Value))), st.TypeTag),
        DictionaryValue d => new DictionaryValue(d.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, MaskValue(kv.Value)))),
        _ => value,
    };
}

/// <summary>Renders an event with an inner formatter, then masks the whole text: templates, properties and exceptions.</summary>
public sealed class MaskingTextFormatter(Serilog.Formatting.ITextFormatter inner) : Serilog.Formatting.ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(PersonalDataMasking.Mask(buffer.ToString()));
    }
}
