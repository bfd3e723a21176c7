using Microsoft.EntityFrameworkCore;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using static EKtp.Tests.Integration.Dashboard.DashboardFixture;

namespace EKtp.Tests.Integration.Dashboard;

[Collection(StaffDatabaseCollection.Name)]
public class CoverageTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Bonjol = "13.08.04", LimoKoto = "13.08.04.2001", KotoKaciak = "13.08.04.2002";
    private const string LubukSikaping = "13.08.05", Jambak = "13.08.05.2002";

    /// <summary>
    /// Bonjol has its own target (1,000 wajib KTP, 700 recorded, as of 31 Jan) and Limo Koto one of its own (300, 200, 10 Feb).
    /// Lubuk Sikaping has none, so it is the sum of its nagari: Jambak, whose newer target (500, 420, 1 Feb) replaces
    /// the older one (500, 400, 1 Jan).
    /// </summary>
    private async Task ArrangeAsync()
    {
        var dpks = await App.PointIdAsync("dpks");
        var rao = await App.PointIdAsync("kec-rao");
        await App.AddAsync(
            Target(Bonjol, 1000, 700, new(2027, 1, 31)),
            Target(LimoKoto, 300, 200, new(2027, 2, 10)),
            Target(Jambak, 500, 400, new(2027, 1, 1)),
            Target(Jambak, 500, 420, new(2027, 2, 1)));
        var rows = new List<object>();
        for (var i = 0; i < 3; i++) rows.Add(Recording(dpks, LimoKoto, new(2027, 2, 15), minute: i));   // counts for both targets
        for (var i = 0; i < 2; i++) rows.Add(Recording(rao, LimoKoto, new(2027, 2, 5), minute: i));     // after Bonjol's date, before Limo Koto's
        rows.Add(Recording(dpks, LimoKoto, new(2027, 2, 10)));                                           // on Limo Koto's date: already in its count
        rows.Add(Recording(dpks, LimoKoto, new(2027, 2, 15), RecordingOutcome.NotRecorded));              // not recorded
        rows.Add(Recording(dpks, LimoKoto, new(2027, 2, 15), service: ServiceType.ReplacementLost));      // a replacement adds no one
        for (var i = 0; i < 4; i++) rows.Add(Recording(dpks, KotoKaciak, new(2027, 1, 20), minute: i));  // before Bonjol's date
        for (var i = 0; i < 5; i++) rows.Add(Recording(rao, KotoKaciak, new(2027, 2, 20), minute: i));
        for (var i = 0; i < 6; i++) rows.Add(Recording(dpks, Jambak, new(2027, 2, 20), minute: i));
        rows.Add(Recording(dpks, Jambak, new(2027, 1, 15)));                                            // before Jambak's newest date
        await App.AddAsync([.. rows]);
        await App.RefreshRollupsAsync();
    }

    [Fact]
    public async Task Coverage_per_kecamatan_equals_the_hand_computed_figures()
    {
        await ArrangeAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));

        var page = await client.GetAsync("/dashboard");

        var rows = page.TableRows("table-coverage").ToDictionary(r => r[0]);
        // Bonjol: 700 + (3 + 2 + 1 in Limo Koto) + 5 in Koto Kaciak = 711 of 1,000.
        Assert.Equal("711 dari 1.000 (71,1 %)", rows["Bonjol"][1]);
        Assert.Equal("289", rows["Bonjol"][5]);
        // Lubuk Sikaping: Jambak's newest target, 420 + 6 = 426 of 500.
        Assert.Equal("426 dari 500 (85,2 %)", rows["Lubuk Sikaping"][1]);
        Assert.Equal("belum ada target", rows["Rao"][1]);
        Assert.Equal("1.137 dari 1.500 (75,8 %)", rows["Jumlah"][1]);
        Assert.Contains("1.137 dari 1.500 (75,8 %)", page.Document.QuerySelector("#total-coverage")!.TextContent);
        Assert.Equal("363", page.Document.QuerySelector("#total-gap")!.TextContent.Trim());
        Assert.Contains("Data per", page.Document.QuerySelector("#data-as-of")!.TextContent);
    }

    [Fact]
    public async Task Drilling_into_a_kecamatan_shows_its_nagari_and_the_lowest_coverage_suggestion()
    {
        await ArrangeAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));
        var overview = await client.GetAsync("/dashboard?from=2027-02-01&to=2027-02-28");
        var link = overview.Document.QuerySelector("#table-coverage a[href*='kecamatan=13.08.04']")!.GetAttribute("href")!;

        var page = await client.GetAsync(link);

        var rows = page.TableRows("table-coverage").ToDictionary(r => r[0]);
        // Limo Koto: 200 + the 3 recordings after 10 Feb.
        Assert.Equal("203 dari 300 (67,7 %)", rows["Limo Koto"][1]);
        Assert.Equal("belum ada target", rows["Koto Kaciak"][1]);
        Assert.Equal("711 dari 1.000 (71,1 %)", rows["Jumlah"][1]);
        Assert.Equal("Limo Koto", page.TableRows("table-suggestions")[0][0]);
        // Weekly: the last week ends on the period's last day with today's figure.
        Assert.Equal(["2027-02-28", "711", "1.000", "71,1 %"], page.TableRows("table-weekly")[^1][..4]);
    }

    [Fact]
    public async Task Every_table_downloads_as_csv_with_plain_numbers()
    {
        await ArrangeAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));
        var page = await client.GetAsync("/dashboard");

        foreach (var href in page.Document.QuerySelectorAll("a.csv-link").Select(a => a.GetAttribute("href")!))
        {
            var response = await client.Http.GetAsync(href);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        }
        var csv = await client.Http.GetStringAsync("/dashboard/csv/coverage");
        Assert.Contains("Bonjol,\"711 dari 1.000 (71,1 %)\",711,1000,71.1,289,2027-01-31", csv);
    }

    [Fact]
    public async Task A_name_that_a_spreadsheet_would_run_as_a_formula_is_exported_as_text()
    {
        await ArrangeAsync();
        // Regions are reference data that the reset between tests keeps: the real name goes back, or every later
        // test would find no "kec-panti" (its service point is seeded from this name).
        var name = await App.WithDbAsync(db => db.Regions.Where(r => r.Code == "13.08.07").Select(r => r.Name).SingleAsync());
        await App.WithDbAsync(db => db.Regions.Where(r => r.Code == "13.08.07").ExecuteUpdateAsync(u => u.SetProperty(r => r.Name, "=HYPERLINK(\"x\")")));
        try
        {
            await App.RefreshRollupsAsync();
            using var client = NewClient();
            await client.SignInAsync(await App.CreateAsync(Roles.Head));

            var csv = await client.Http.GetStringAsync("/dashboard/csv/coverage");

            Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", csv);
            Assert.DoesNotContain("\n=HYPERLINK", csv);
        }
        finally
        {
            await App.WithDbAsync(db => db.Regions.Where(r => r.Code == "13.08.07").ExecuteUpdateAsync(u => u.SetProperty(r => r.Name, name)));
        }
    }
}
