using System.Globalization;
using EKtp.Web.Features.Appointments;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EKtp.Tests.Unit;

/// <summary>
/// The lookup's code messages take the deployment's prefix (<c>Booking:CodePrefix</c>) instead of a typed "PSM-". The
/// prefix itself is a static set at start-up (decision 1123) that parallel tests share, so another prefix is handed to
/// the message builders here rather than configured.
/// </summary>
public class LookupCodeMessageTests
{
    private static StringLocalizer<AppointmentText> Localizer() =>
        new(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    [Theory]
    [InlineData("id-ID", "Isi kode janji temu, misalnya PBR-7K3Q2XQ.", "Kode janji temu terdiri dari PBR- dan 7 huruf atau angka.")]
    [InlineData("en-US", "Enter the appointment code, for example PBR-7K3Q2XQ.", "An appointment code is PBR- followed by 7 letters or digits.")]
    public void Another_deployments_prefix_appears_in_the_code_messages(string culture, string missing, string malformed)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            Assert.Equal(missing, LookupInputValidator.CodeMissing(Localizer(), "PBR-7K3Q2XQ"));
            Assert.Equal(malformed, LookupInputValidator.CodeMalformed(Localizer(), "PBR-"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
