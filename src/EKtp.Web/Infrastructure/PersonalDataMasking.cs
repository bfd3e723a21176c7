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

    public static string Mask(string text)
    {
        if (text.Length < 9) return text;
        // The same masking as pages and free text (FreeText.MaskNumbers): 1308 **** **** 0001, also when grouped.
        var masked = FreeText.MaskNumbers(text);
        return PhoneLike().Replace(masked, "$1$2*****$3");
    }
}

public sealed class PersonalDataMaskingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToArray())
        {
            var masked = MaskValue(value);
            if (!ReferenceEquals(masked, value)) logEvent.AddOrUpdateProperty(new LogEventProperty(name, masked));
        }
    }

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
