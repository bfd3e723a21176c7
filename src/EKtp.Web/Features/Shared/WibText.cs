using System.Globalization;
using EKtp.Web.Domain;

namespace EKtp.Web.Features.Shared;

/// <summary>How pages show WIB times: in the reader's language, with a colon whatever the culture's separator.</summary>
public static class WibText
{
    public static string At(DateTimeOffset instant) => instant.ToWib().ToString("ddd d MMM, HH':'mm", CultureInfo.CurrentCulture);

    public static string Clock(DateTimeOffset instant) => instant.ToWib().ToString("HH':'mm", CultureInfo.InvariantCulture);

    public static string Clock(TimeOnly time) => time.ToString("HH':'mm", CultureInfo.InvariantCulture);

    public static string Day(DateOnly date) => date.ToString("dddd, d MMMM yyyy", CultureInfo.CurrentCulture);
}
