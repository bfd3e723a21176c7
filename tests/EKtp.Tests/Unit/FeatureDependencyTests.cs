using System.Text.RegularExpressions;

namespace EKtp.Tests.Unit;

/// <summary>
/// Reads the source of <c>src/EKtp.Web/Features</c>: which feature refers to which (a <c>using</c> or a qualified name
/// of another feature's namespace, or a type declared in another feature written as <c>Feature.Type</c>), and what
/// changes an appointment's status. A feature's <c>*Registration.cs</c> only wires use cases into the container (the
/// composition root, which names everything by nature) and is left out of the graph.
/// </summary>
public class FeatureDependencyTests
{
    private static readonly string Features = Path.Combine(RepositoryRoot(), "src", "EKtp.Web", "Features");

    [Fact]
    public void No_feature_depends_on_another_in_a_cycle()
    {
        var cycle = FindCycle(FeatureGraph());
        Assert.True(cycle is null, "Features depend on each other in a cycle: " + string.Join(" → ", cycle ?? []));
    }

    [Fact]
    public void The_graph_sees_a_using_a_qualified_type_and_a_cycle_through_them()
    {
        var graph = Graph(new Dictionary<string, string[]>
        {
            ["A"] = ["namespace EKtp.Web.Features.A;\nusing EKtp.Web.Features.B;\npublic sealed class Alpha;"],
            ["B"] = ["namespace EKtp.Web.Features.B;\npublic sealed record Beta(C.Gamma G);"],
            ["C"] = ["namespace EKtp.Web.Features.C;\npublic enum Gamma { X }\n// db.A.Count() is no reference: A declares no type Count\nvar n = db.A.Count();"],
        });
        Assert.Equal(["B"], graph["A"]);
        Assert.Equal(["C"], graph["B"]);
        Assert.Empty(graph["C"]);
        Assert.Null(FindCycle(graph));

        graph["C"].Add("A");
        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
    }

    [Fact]
    public void Only_Features_Appointments_changes_an_appointment_s_status_or_affected_mark()
    {
        var writes = new Regex(@"SetProperty\((\w+) => \1\.(Status, AppointmentStatus|AffectedByDisruptionId)"
            + @"|\.Status\s*=\s*AppointmentStatus\.|\.AffectedByDisruptionId\s*=[^=]");
        var offenders = Directory.EnumerateFiles(Features, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(Features, "Appointments") + Path.DirectorySeparatorChar))
            .Where(f => writes.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Features, f));
        Assert.Empty(offenders);
    }

    private static Dictionary<string, List<string>> FeatureGraph() =>
        Graph(Directory.EnumerateDirectories(Features).ToDictionary(d => Path.GetFileName(d), dir =>
            Directory.EnumerateFiles(dir, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs") || f.EndsWith(".cshtml"))
                .Where(f => !f.EndsWith("Registration.cs"))
                .Select(File.ReadAllText).ToArray()));

    private static Dictionary<string, List<string>> Graph(Dictionary<string, string[]> sources)
    {
        var declared = new Regex(@"\b(?:class|record|enum|interface|struct)\s+(\w+)");
        var typesOf = sources.ToDictionary(s => s.Key, s => s.Value.SelectMany(text => declared.Matches(text).Select(m => m.Groups[1].Value)).ToHashSet());
        var graph = new Dictionary<string, List<string>>();
        foreach (var (feature, texts) in sources)
        {
            var text = string.Join("\n", texts);
            graph[feature] = sources.Keys.Where(other => other != feature)
                .Where(other => Regex.IsMatch(text, $@"\bEKtp\.Web\.Features\.{other}\b")
                    || typesOf[other].Any(type => Regex.IsMatch(text, $@"(?<![\w.]){other}\.{type}\b")))
                .Order().ToList();
        }
        return graph;
    }

    /// <summary>The first cycle found, as the path that closes it (A → B → A), or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, List<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0) return [.. path[at..], node];
            if (!done.Add(node)) return null;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return graph.Keys.Order().Select(Visit).FirstOrDefault(c => c is not null);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EKtp.sln"))) return dir.FullName;
        throw new InvalidOperationException("EKtp.sln not found above " + AppContext.BaseDirectory);
    }
}
