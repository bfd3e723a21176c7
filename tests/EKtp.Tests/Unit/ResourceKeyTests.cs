using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EKtp.Tests.Unit;

/// <summary>
/// The portal speaks Indonesian in code and English from Resources/**/*.en.resx. Every literal key handed to a localizer
/// (<c>l["..."]</c>, <c>L["...", x]</c>, <c>T["..."]</c>, in C# and in Razor views) must have its English entry in the
/// resource file of the localizer it is handed to, or an English reader sees Indonesian.
/// </summary>
public partial class ResourceKeyTests
{
    private static readonly string Web = Path.Combine(RepositoryRoot(), "src", "EKtp.Web");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EKtp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("EKtp.sln not found above " + AppContext.BaseDirectory);
    }

    // IStringLocalizer<X> name (a constructor parameter or a view's @inject).
    [GeneratedRegex(@"IStringLocalizer<(?:[\w.]+\.)?(\w+)>\s+(\w+)")]
    private static partial Regex Localizer();

    // name["literal" — a verbatim key; interpolated keys cannot be checked here.
    [GeneratedRegex("""\b(\w+)\["((?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex Use();

    private static Dictionary<string, HashSet<string>> EnglishKeys() =>
        Directory.EnumerateFiles(Path.Combine(Web, "Resources"), "*.en.resx", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileName(f)[..^".en.resx".Length],
                f => XDocument.Load(f).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet());

    /// <summary>The localizers a file can use: its own, and those its folders' _ViewImports inject.</summary>
    private static Dictionary<string, string> LocalizersOf(string file)
    {
        var names = new Dictionary<string, string>();
        var imports = new List<string>();
        for (var dir = Path.GetDirectoryName(file); dir is not null && dir.StartsWith(Web); dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "_ViewImports.cshtml"))) imports.Insert(0, Path.Combine(dir, "_ViewImports.cshtml"));
        foreach (var source in file.EndsWith(".cshtml") ? [.. imports, file] : new[] { file })
            foreach (Match m in Localizer().Matches(File.ReadAllText(source)))
                names[m.Groups[2].Value] = m.Groups[1].Value;
        return names;
    }

    [Fact]
    public void Every_key_handed_to_a_localizer_has_its_English_entry()
    {
        var english = EnglishKeys();
        var missing = new List<string>();
        var checkedKeys = 0;
        var files = Directory.EnumerateFiles(Path.Combine(Web, "Features"), "*.*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Web, "Infrastructure"), "*.cs", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".cshtml"));
        foreach (var file in files)
        {
            var localizers = LocalizersOf(file);
            if (localizers.Count == 0) continue;
            foreach (Match m in Use().Matches(File.ReadAllText(file)))
            {
                if (!localizers.TryGetValue(m.Groups[1].Value, out var resource)) continue;
                var key = Regex.Unescape(m.Groups[2].Value);
                checkedKeys++;
                if (!english.TryGetValue(resource, out var keys) || !keys.Contains(key))
                    missing.Add($"{Path.GetRelativePath(Web, file)}: {resource} \"{key}\"");
            }
        }
        Assert.True(checkedKeys > 300, $"only {checkedKeys} keys found: the scan is broken");
        Assert.True(missing.Count == 0, "No English entry for:\n" + string.Join("\n", missing.Distinct()));
    }
}
