using EKtp.Web.Infrastructure;
using Serilog.Events;
using Serilog.Parsing;

namespace EKtp.Tests.Unit;

/// <summary>The log enricher masks personal numbers in properties, for sinks that render without the masking formatter.</summary>
public class MaskingEnricherTests
{
    private static LogEvent Event(params LogEventProperty[] properties) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"), properties);

    private static string Rendered(LogEvent e, string name) => e.Properties[name].ToString();

    [Fact]
    public void A_NIK_or_phone_in_a_string_number_or_nested_property_is_masked()
    {
        var e = Event(
            new LogEventProperty("Path", new ScalarValue("/status/1308051203900001")),
            new LogEventProperty("Nik", new ScalarValue(1308051203900001L)),
            new LogEventProperty("Phone", new ScalarValue("+6281234567890")),
            new LogEventProperty("Input", new StructureValue([new LogEventProperty("Kk", new ScalarValue("1308 0512 0390 0002"))])),
            new LogEventProperty("Values", new SequenceValue([new ScalarValue("081234567890")])));

        new PersonalDataMaskingEnricher().Enrich(e, null!);

        Assert.Equal("\"/status/1308 **** **** 0001\"", Rendered(e, "Path"));
        Assert.Equal("\"1308 **** **** 0001\"", Rendered(e, "Nik"));
        Assert.Equal("\"+62812*****90\"", Rendered(e, "Phone"));
        Assert.Contains("1308 **** **** 0002", Rendered(e, "Input"));
        Assert.DoesNotContain("0512", Rendered(e, "Input"));
        Assert.Contains("0812*****90", Rendered(e, "Values"));
    }

    [Fact]
    public void Properties_with_too_few_digits_to_be_personal_are_left_as_they_were()
    {
        var path = new ScalarValue("/booking/slots?service=new-recording&point=dpks&date=2027-03-01");
        var status = new ScalarValue(200);
        var elapsed = new ScalarValue(12.3456);
        var code = new ScalarValue(123456789L);
        var e = Event(new LogEventProperty("RequestPath", path), new LogEventProperty("StatusCode", status),
            new LogEventProperty("Elapsed", elapsed), new LogEventProperty("Count", code));

        new PersonalDataMaskingEnricher().Enrich(e, null!);

        Assert.Same(path, e.Properties["RequestPath"]);
        Assert.Same(status, e.Properties["StatusCode"]);
        Assert.Same(elapsed, e.Properties["Elapsed"]);
        Assert.Same(code, e.Properties["Count"]);
    }

    [Theory]
    [InlineData("081234567890", true)]
    [InlineData("0812 3456 7890", true)]
    [InlineData("slot on 2027-03-01", false)]
    [InlineData("PSM-7K3Q2XQ", false)]
    public void Only_text_with_ten_digits_or_more_is_looked_at(string text, bool looked) =>
        Assert.Equal(looked, PersonalDataMasking.HasEnoughDigits(text));
}
