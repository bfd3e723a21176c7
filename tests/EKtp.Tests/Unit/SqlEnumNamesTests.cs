using System.Text.RegularExpressions;
using EKtp.Web.Domain;

namespace EKtp.Tests.Unit;

public class SqlEnumNamesTests
{
    /// <summary>
    /// Enums are stored by name. A name typed into SQL (<c>status = 'Booked'</c>) still compiles after the member is
    /// renamed and then matches nothing; the code takes names from the enum instead (<c>nameof</c>, bound parameters,
    /// <c>SqlNames</c>). Migrations are history and keep what they wrote.
    /// </summary>
    [Fact]
    public void No_enum_member_name_is_typed_into_SQL_as_a_quoted_literal()
    {
        var names = typeof(Appointment).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.Namespace == typeof(Appointment).Namespace)
            .SelectMany(Enum.GetNames).Distinct();
        var quoted = new Regex("'(" + string.Join("|", names) + ")'");
        var web = Path.Combine(FeatureDependencyTests.RepositoryRoot(), "src", "EKtp.Web");
        var offenders = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(web, f).Split(Path.DirectorySeparatorChar).Intersect(["Migrations", "bin", "obj"]).Any())
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => !x.line.TrimStart().StartsWith("//") && quoted.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(web, x.f)}:{x.i + 1}: {x.line.Trim()}");
        Assert.Empty(offenders);
    }
}
