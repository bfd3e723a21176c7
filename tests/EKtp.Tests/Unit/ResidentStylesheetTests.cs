using System.Text.RegularExpressions;
using EKtp.Tests.Support;

namespace EKtp.Tests.Unit;

/// <summary>
/// Resident pages load resident.css and site.css, not Bootstrap (decision 1403): every class their views name must be
/// styled by one of the two, or the page silently loses its look.
/// </summary>
public partial class ResidentStylesheetTests
{
    private static readonly string[] ResidentViews =
    [
        "Shared/_Layout.cshtml", "Shared/_NavLinks.cshtml", "Shared/Error.cshtml", "Home/*.cshtml", "Booking/*.cshtml",
        "Status/*.cshtml", "ServiceStatus/*.cshtml", "MyData/*.cshtml", "MobileUnits/MobileVisit*.cshtml",
        "MobileUnits/_Err.cshtml", "Disruptions/_AffectedAppointment.cshtml", "HomeVisits/HomeVisit*.cshtml", "HomeVisits/_HomeVisitErr.cshtml",
    ];

    /// <summary>Classes that are hooks for tests or scripts, or that Bootstrap 5.3 names without styling them.</summary>
    private static readonly HashSet<string> Unstyled =
    [
        "navbar-dark", "field-validation-valid", "booking-form", "hero", "service-status", "disruption", "affected-appointment",
        "rebook-form", "my-data", "my-data-form", "staff-accesses", "no-access", "held-nik", "appointment-held",
        "appointment-when", "next-slots", "next-slot", "slip-header", "slip-note", "done",
        "nav-item", "form-check-label",
        // words of the Razor expressions inside class attributes
        "i", "is", "null",
    ];

    [Fact]
    public void Every_class_a_resident_view_names_is_styled_by_the_resident_stylesheets()
    {
        var web = Path.Combine(BrowserFixture.RepositoryRoot(), "src", "EKtp.Web");
        var css = File.ReadAllText(Path.Combine(web, "wwwroot", "css", "resident.css")) + File.ReadAllText(Path.Combine(web, "wwwroot", "css", "site.css"));
        var styled = StyledClass().Matches(css).Select(m => m.Groups[1].Value).ToHashSet();
        var features = Path.Combine(web, "Features");
        var views = ResidentViews.SelectMany(pattern => Directory.GetFiles(Path.Combine(features, Path.GetDirectoryName(pattern)!), Path.GetFileName(pattern))).ToList();
        Assert.True(views.Count > 20, $"only {views.Count} resident views found");

        var missing = views
            .SelectMany(view => ClassAttribute().Matches(File.ReadAllText(view))
                .SelectMany(m => Expression().Replace(m.Groups[1].Value, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(c => ClassName().IsMatch(c) && !styled.Contains(c) && !Unstyled.Contains(c))
                .Select(c => $"{Path.GetFileName(view)}: {c}"))
            .Distinct().ToList();
        Assert.True(missing.Count == 0, "Classes without a rule in resident.css or site.css:\n" + string.Join("\n", missing));
    }

    [GeneratedRegex(@"\.([a-z][a-z0-9-]*)")]
    private static partial Regex StyledClass();

    [GeneratedRegex("class=\"([^\"]*)\"")]
    private static partial Regex ClassAttribute();

    /// <summary>A Razor expression inside the attribute; the classes it may add are listed literally in its strings.</summary>
    [GeneratedRegex(@"@\(|\?|:|==|""|\)|@[A-Za-z.]+")]
    private static partial Regex Expression();

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex ClassName();
}
