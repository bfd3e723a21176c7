using System.Globalization;
using EKtp.Web.Domain;

namespace EKtp.Web.Features.Shared;

/// <summary>The wire words of API version 1 (PRODUCT.md): kebab-case names and WIB times with their offset.</summary>
public static class ApiFormat
{
    public static string Kind(ServicePointKind kind) => kind switch
    {
        ServicePointKind.DistrictOffice => "district-office",
        ServicePointKind.KecamatanOffice => "kecamatan-office",
        _ => "mobile-unit",
    };

    public static string Service(ServiceType service) => service switch
    {
        ServiceType.NewRecording => "new-recording",
        ServiceType.ReplacementLost => "replacement-lost",
        ServiceType.ReplacementDamaged => "replacement-damaged",
        ServiceType.DataChange => "data-change",
        ServiceType.IkdActivation => "ikd-activation",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    public static ServiceType? ParseService(string? value) => value switch
    {
        "new-recording" => ServiceType.NewRecording,
        "replacement-lost" => ServiceType.ReplacementLost,
        "replacement-damaged" => ServiceType.ReplacementDamaged,
        "data-change" => ServiceType.DataChange,
        "ikd-activation" => ServiceType.IkdActivation,
        _ => null,
    };

    /// <summary>Lower-kebab form of an enum name: <c>PrintReady</c> → <c>print-ready</c>.</summary>
    public static string Kebab<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var chars = new List<char>(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) chars.Add('-');
            chars.Add(char.ToLowerInvariant(name[i]));
        }
        return new string(chars.ToArray());
    }

    public static string Time(DateTimeOffset instant) => instant.ToWib().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
