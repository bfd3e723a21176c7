using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using EKtp.Tests.Integration.Benchmarks;
using EKtp.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace EKtp.Tests.Integration.FieldNodes;

/// <summary>
/// <c>./ektp field up|cut|status|restore|down</c> as an operator types them: the script's own commands, on ports and
/// in a folder of this test's own (<c>EKTP_FIELD_*</c>, <c>EKTP_FIELD_DATA</c>), apart from a developer's arrangement
/// (5441…, 5090/5091). <c>up</c> uses the suite's Release build (<c>EKTP_FIELD_NO_BUILD=1</c>) instead of building again.
/// <c>down</c> stops what <c>up</c> started, also when the test fails half-way.
/// </summary>
[Collection(FixedPortsCollection.Name)]
public sealed partial class FieldScriptTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string NodeUrl = "http://127.0.0.1:5692";
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(12);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ektp-field-script-" + Guid.NewGuid().ToString("N"));
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        // The postgres user (the tests run as root here) must pass through to its clusters' folders.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_data, (UnixFileMode)0b111_111_111);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Up_cut_status_restore_down_the_cut_holds_the_nodes_events_back_and_the_restore_sends_them()
    {
        await FieldAsync("up");
        var status = await FieldAsync("status");
        Assert.Contains("hub: running", status);
        Assert.Contains("node: running", status);
        Assert.Matches(@"link: up 5643->127\.0\.0\.1:5641", status);
        await UntilAsync("the operator's account at the node (the first copy from the hub)", OperatorAtNodeAsync, TimeSpan.FromMinutes(3));
        Assert.Equal(0, Waiting(await FieldAsync("status")));

        Assert.StartsWith("cut", (await FieldAsync("cut")).Trim());
        // A sign-in at the node is journalled (its audit entry), and cannot be sent while the link is cut.
        await SignInAtNodeAsync();
        var cut = await FieldAsync("status");
        Assert.Contains("link: cut", cut);
        Assert.True(Waiting(cut) > 0, cut);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(Waiting(await FieldAsync("status")) > 0, "events left the node through a cut link");

        Assert.StartsWith("up", (await FieldAsync("restore")).Trim());
        await UntilAsync("the node's events sent and applied", async () => Waiting(await FieldAsync("status")) == 0, TimeSpan.FromMinutes(1));

        await FieldAsync("down");
        var down = await FieldAsync("status");
        foreach (var line in new[] { "hub: stopped", "node: stopped", "link: stopped", "hub database: stopped", "node database: stopped" })
            Assert.Contains(line, down);
        output.WriteLine($"{_watch.Elapsed.TotalSeconds:0} s in all");
    }

    /// <summary>The status line "events waiting at the node: N"; -1 while the node has no state row yet.</summary>
    private static long Waiting(string status) =>
        WaitingLine().Match(status) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;

    [GeneratedRegex(@"events waiting at the node: (\d+)")]
    private static partial Regex WaitingLine();

    private static async Task<bool> OperatorAtNodeAsync()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(ShortBench.Root(), ".data", "pg-password"))).Trim();
        await using var db = new NpgsqlConnection($"Host=127.0.0.1;Port=5642;Username=ektp;Password={password};Database=ektp;Pooling=false;Timeout=5");
        try
        {
            await db.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM staff_users WHERE email = 'operator.rao@ektp.local'", db);
            return (long)(await count.ExecuteScalarAsync())! == 1;
        }
        catch (NpgsqlException) { return false; } // the node's tables are not there yet
    }

    private static async Task SignInAtNodeAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(NodeUrl), Timeout = TimeSpan.FromSeconds(60),
        };
        var form = await http.GetStringAsync("/staff/sign-in");
        var token = WebUtility.HtmlDecode(TokenField().Match(form).Groups[1].Value);
        using var signIn = await http.PostAsync("/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "operator.rao@ektp.local", ["Password"] = "Pasaman-Demo-2026", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary><c>./ektp field VERB</c> with this test's ports and folder; its output, after it exited 0.</summary>
    private async Task<string> FieldAsync(string verb)
    {
        var info = new ProcessStartInfo(Path.Combine(ShortBench.Root(), "ektp"), ["field", verb])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["EKTP_FIELD_DATA"] = _data, ["EKTP_FIELD_HUB_PG_PORT"] = "5641", ["EKTP_FIELD_NODE_PG_PORT"] = "5642",
            ["EKTP_FIELD_LINK_PORT"] = "5643", ["EKTP_FIELD_CONTROL_PORT"] = "5644",
            ["EKTP_FIELD_HUB_URL"] = "http://127.0.0.1:5691", ["EKTP_FIELD_NODE_URL"] = NodeUrl,
            // The suite has just built the solution in Release (./ektp test); building again costs minutes on a busy machine.
            ["EKTP_FIELD_NO_BUILD"] = "1",
        })
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a speed limit: each command takes seconds on a quiet machine, but `up` once took
        // over 6 minutes with the suite's other collections and other builds sharing two cores (load average 100 and more).
        using var limit = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"./ektp field {verb} did not end within {CommandLimit.TotalMinutes} minutes:\n{await stdout}\n{await stderr}");
        }
        var text = await stdout;
        output.WriteLine($"{_watch.Elapsed.TotalSeconds:0} s ./ektp field {verb}:\n{text.Trim()}");
        Assert.True(process.ExitCode == 0, $"./ektp field {verb} exited with {process.ExitCode}:\n{text}\n{await stderr}");
        return text;
    }

    private static async Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Waited {limit.TotalSeconds:0} s for {what}.");
            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        // Whatever happened above: stop what up started (by its pid files), then remove the folder.
        try { await FieldAsync("down"); }
        catch (Exception e) when (e is not OutOfMemoryException) { output.WriteLine("down: " + e.Message); }
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
