using System.Text.RegularExpressions;

namespace EKtp.Tests.Unit;

/// <summary>
/// Docker is not available on the development machines, so the container's files are checked as text: what the
/// build context leaves out, and that the folders the portal writes to belong to the image's non-root user.
/// </summary>
public class ContainerFilesTests
{
    private static readonly string Root = RepositoryRoot();

    [Theory]
    [InlineData(".data/")]
    [InlineData(".env")]
    [InlineData("**/secrets.env")]
    [InlineData("**/bin/")]
    [InlineData("**/obj/")]
    [InlineData(".git/")]
    [InlineData("tests/EKtp.Tests/Browser/Screenshots/")]
    [InlineData("tests/EKtp.Tests/Browser/Failures/")]
    public void The_build_context_leaves_out(string entry)
    {
        var entries = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Contains(entry, entries);
    }

    [Theory]
    [InlineData("Logging__Directory")]
    [InlineData("Notifications__FileDirectory")]
    public void The_image_gives_its_non_root_user_the_folder_of(string setting)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        var runtime = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var folder = Regex.Match(runtime, Regex.Escape(setting) + @"=(/\S+)").Groups[1].Value;
        var user = runtime.IndexOf("\nUSER $APP_UID", StringComparison.Ordinal);
        var chown = Regex.Match(runtime, @"chown -R ""\$APP_UID:\$APP_UID""(?<paths>[^\n]*)");

        Assert.StartsWith("/", folder);
        Assert.True(user > 0, "the image switches to its non-root user");
        Assert.True(chown.Success && chown.Index < user, "folders are handed over before the user is switched");
        var owned = chown.Groups["paths"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(owned, p => folder == p || folder.StartsWith(p + "/", StringComparison.Ordinal));
        Assert.Matches(@"mkdir -p [^\n]*" + Regex.Escape(folder), runtime);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EKtp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}
