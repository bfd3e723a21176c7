using System.Net;
using System.Text;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Features.MobileUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Dashboard.DashboardFixture;

namespace EKtp.Tests.Integration.Dashboard;

/// <summary>Issue 15, B5: the today strip, coverage worst first with bands, one coverage figure everywhere, each CSV alone.</summary>
[Collection(StaffDatabaseCollection.Name)]
public class DashboardFirstScreenTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Jambak = "13.08.05.2002", LimoKoto = "13.08.04.2001";
    private static readonly DateOnly Today = new(2027, 3, 1);

    /// <summary>
    /// Jambak: 500 wajib KTP, 350 recorded as of 1 Feb. Through the portal: 9 first recordings after that day, plus what
    /// the mobile-stop page used to count and the dashboard does not — 2 recordings on the as-of day itself (already in
    /// the target's count) and 5 replacements (they add no one). Dashboard: 359 / 500 = 71.8 %; the old count: 74.0 %.
    /// </summary>
    private async Task ArrangeJambakAsync()
    {
        var dpks = await App.PointIdAsync("dpks");
        await App.AddAsync(Target(Jambak, 500, 350, new(2027, 2, 1)), Target(LimoKoto, 200, 190, new(2027, 2, 1)));
        var rows = new List<object>();
        for (var i = 0; i < 9; i++) rows.Add(Recording(dpks, Jambak, new(2027, 2, 10), minute: i));
        for (var i = 0; i < 2; i++) rows.Add(Recording(dpks, Jambak, new(2027, 2, 1), minute: i));
        for (var i = 0; i < 5; i++) rows.Add(Recording(dpks, Jambak, new(2027, 2, 12), service: ServiceType.ReplacementLost, minute: i));
        await App.AddAsync([.. rows]);
        await App.RefreshRollupsAsync();
    }

    [Fact]
    public async Task A_nagari_shows_the_same_coverage_on_the_dashboard_and_on_the_mobile_stop_page()
    {
        await ArrangeJambakAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));

        var dashboard = await client.GetAsync("/dashboard?kecamatan=13.08.05");
        var stops = await client.GetAsync("/admin/mobile-stops");

        var row = dashboard.TableRows("table-coverage").Single(r => r[0] == "Jambak");
        Assert.Equal("359 dari 500 (71,8 %)", row[1]);
        var suggestion = stops.Document.QuerySelectorAll(".coverage-suggestions li").Single(li => li.TextContent.Contains("Jambak")).TextContent;
        Assert.Contains("71,8 %", suggestion);
        Assert.Contains("359 dari 500", suggestion);
        // The planning pages' reader and the dashboard's owner agree for every nagari with a target.
        using var scope = App.Services.CreateScope();
        var ranking = await scope.ServiceProvider.GetRequiredService<CoverageRanking>().ReadAsync();
        var owner = (await CoverageFigures.ReadAsync(scope.ServiceProvider.GetRequiredService<EKtp.Web.Data.EKtpDbContext>())).VillagesWithTarget();
        Assert.Equal(owner.Keys.Order(), ranking.Keys.Order());
        Assert.All(owner.Values, l => Assert.Equal((l.Covered, l.Percent), (ranking[l.Code].Recorded, ranking[l.Code].Percent)));
    }

    [Fact]
    public async Task Coverage_is_listed_worst_first_with_its_band_and_the_chart_s_text_alternative_is_in_the_page()
    {
        await ArrangeJambakAsync();
        await App.AddAsync(Target("13.08.14", 1000, 960, new(2027, 2, 1)));
        await App.RefreshRollupsAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));

        var page = await client.GetAsync("/dashboard");

        var rows = page.TableRows("table-coverage");
        var names = rows.Select(r => r[0]).ToList();
        // Lubuk Sikaping (Jambak, 71.8 %) below Bonjol (Limo Koto, 95.0 %) below the kecamatan at 96 %; no target last.
        var withTarget = names.TakeWhile(n => rows.Single(r => r[0] == n)[1] != "belum ada target").ToList();
        Assert.Equal(3, withTarget.Count);
        Assert.Equal("Lubuk Sikaping", withTarget[0]);
        Assert.Equal("Bonjol", withTarget[1]);
        Assert.Equal("Jumlah", names[^1]);
        Assert.Contains("Jauh di bawah target", rows[0][^1]);
        Assert.Equal("Mencapai target", rows[1][^1]);
        Assert.NotNull(page.Document.QuerySelector("#table-coverage .coverage-band-low"));
        var summary = page.Document.QuerySelector("#chart-coverage-summary")!.TextContent;
        Assert.Contains("Terendah: Lubuk Sikaping 71,8 %", summary);
        Assert.Contains("target 95 %", summary);
        // Without JavaScript the canvas stays hidden and the caption carries the figures.
        Assert.True(page.Document.QuerySelector("#chart-coverage")!.ParentElement!.HasAttribute("hidden"));
        Assert.Contains("\"target\":95", page.Document.QuerySelector("#chart-coverage-data")!.TextContent);
    }

    [Fact]
    public async Task The_today_strip_counts_open_disrupted_and_offline_points_waiting_residents_stuck_cards_and_points_short_of_blanks()
    {
        var now = App.Clock.GetUtcNow();
        var dpks = await App.PointIdAsync("dpks");
        var rao = await App.PointIdAsync("kec-rao");
        var bonjol = await App.PointIdAsync("kec-bonjol");
        await App.AddAsync(
            new Disruption { ServicePointId = rao, Kind = DisruptionKind.Network, StartsAt = now.AddHours(-1), PublicNote = "", DeclaredById = Guid.CreateVersion7() },
            new FieldNode { NodeId = Guid.CreateVersion7(), PointCode = "kec-bonjol", FirstContactAt = now.AddDays(-3), LastContactAt = now.AddHours(-2) },
            Ticket(dpks, 1), Ticket(dpks, 2), Ticket(bonjol, 1), Ticket(bonjol, 2, TicketStatus.Served),
            Card(dpks, CardStatus.Recorded, now.AddDays(-20)), Card(dpks, CardStatus.PrintReady, now.AddDays(-15)),
            Card(dpks, CardStatus.Recorded, now.AddDays(-3)), Card(dpks, CardStatus.Collected, now.AddDays(-40)));
        await App.RefreshRollupsAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));

        var page = await client.GetAsync("/dashboard");

        string Figure(string id) => page.Document.QuerySelector($"#{id} strong")!.TextContent.Trim();
        Assert.Equal("1", Figure("today-disrupted"));
        Assert.Contains("Kantor Camat Rao", page.Document.QuerySelector("#today-disrupted")!.TextContent);
        Assert.Equal("1", Figure("today-offline"));
        Assert.Contains("Kantor Camat Bonjol", page.Document.QuerySelector("#today-offline")!.TextContent);
        Assert.Equal("3", Figure("today-queue"));
        Assert.Contains("di 2 tempat layanan", page.Document.QuerySelector("#today-queue")!.TextContent);
        Assert.Equal("2", Figure("today-stuck"));
        Assert.Contains("lebih dari 14 hari", page.Document.QuerySelector("#today-stuck")!.TextContent);
        // No blanks received yet: the district office, the one point that prints, is short.
        Assert.Equal("1", Figure("today-blanks"));
        Assert.Contains("Kantor Dinas Kependudukan", page.Document.QuerySelector("#today-blanks")!.TextContent);
        var open = int.Parse(Figure("today-open"));
        Assert.True(open > 0, "offices open at 08.00 WIB on a Monday");

        await App.AddAsync(new BlankStockEntry { ServicePointId = dpks, Kind = BlankStockKind.Received, Quantity = 500, At = now, ById = Guid.CreateVersion7() });
        await App.RefreshRollupsAsync();
        page = await client.GetAsync("/dashboard");
        Assert.Equal("0", Figure("today-blanks"));
        // The strip comes before every figure of the page.
        Assert.True(page.Html.IndexOf("id=\"today\"", StringComparison.Ordinal) < page.Html.IndexOf("id=\"section-coverage\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_figure_s_csv_is_built_alone_and_equals_its_table_on_the_page()
    {
        await ArrangeJambakAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));
        var page = await client.GetAsync("/dashboard?kecamatan=13.08.05");

        foreach (var key in DashboardReader.FigureKeys)
        {
            using var scope = App.Services.CreateScope();
            var reader = scope.ServiceProvider.GetRequiredService<DashboardReader>();
            var alone = await reader.ReadAsync(reader.DefaultFilter(null, null, "13.08.05"), key);
            Assert.Equal([key], alone.Tables.Select(t => t.Key));
            Assert.Null(alone.Today);
        }
        var csv = await client.Http.GetAsync("/dashboard/csv/coverage?" + page.Document.QuerySelector("#section-coverage a.csv-link")!.GetAttribute("href")!.Split('?')[1]);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tableRows = page.TableRows("table-coverage");
        Assert.Equal(tableRows.Count + 1, lines.Length);
        Assert.StartsWith("Jambak,\"359 dari 500 (71,8 %)\",359,500,71.8,141,2027-02-01,", lines.Single(l => l.StartsWith("Jambak,")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/dashboard/csv/everything")).StatusCode);
    }

    private static QueueTicket Ticket(Guid point, int number, TicketStatus status = TicketStatus.Waiting) => new()
    {
        ServicePointId = point, ServiceDate = Today, Series = TicketSeries.B, Number = number, Service = ServiceType.NewRecording, Status = status,
        IssuedAt = Wib.At(Today, new TimeOnly(7, 30)), OrderAt = Wib.At(Today, new TimeOnly(7, 30).AddMinutes(number)),
    };

    private static Card Card(Guid point, CardStatus status, DateTimeOffset created) => new()
    {
        NikHash = Guid.NewGuid().ToByteArray(), NikCipher = [1], VillageCode = Jambak, Status = status, RecordedAtPointId = point,
        CreatedAt = created, UpdatedAt = created,
    };
}
