using EKtp.Tests.Integration.Dashboard;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Cards;

/// <summary>The stock page, its ledger, the list of points and the dashboard give one figure: the ledger's (decision 1520).</summary>
[Collection(StaffDatabaseCollection.Name)]
public class StockFiguresTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Dpks = "Kantor Dinas Kependudukan dan Pencatatan Sipil";

    /// <summary>A year of ledger as <c>./ektp seed</c> writes it: entries only, no balance row. Returns the balance.</summary>
    private async Task<int> SeedLedgerAsync()
    {
        var dpks = await StaffTestData.PointIdAsync(App, "dpks");
        var start = App.Clock.Today().AddDays(-200);
        var balance = 0;
        var entries = new List<BlankStockEntry>();
        for (var i = 0; i < 60; i++)
        {
            var (kind, quantity) = (i % 10) switch { 0 => (BlankStockKind.Received, 300), 5 => (BlankStockKind.Spoiled, 2), _ => (BlankStockKind.Used, 20 + i % 7) };
            balance += kind == BlankStockKind.Received ? quantity : -quantity;
            entries.Add(new BlankStockEntry
            {
                ServicePointId = dpks, Kind = kind, Quantity = quantity, At = Wib.At(start.AddDays(i * 3), new TimeOnly(15, 0)), ById = Guid.NewGuid(),
            });
        }
        await App.AddAsync([.. entries]);
        return balance;
    }

    private static List<int> LedgerBalances(PageResult page) =>
        page.Document.QuerySelectorAll("#stock-table tbody tr").Select(r => int.Parse(r.Children[3].TextContent)).ToList();

    private async Task<int> DashboardLeftAsync(PageClient client)
    {
        await App.RebuildRollupsAsync();
        var dashboard = await client.GetAsync("/dashboard");
        var row = dashboard.Document.QuerySelectorAll("#section-stock table tbody tr").Single(r => r.Children[0].TextContent.Trim() == Dpks);
        return int.Parse(row.Children[4].TextContent.Replace(".", "").Replace(",", "").Trim());
    }

    [Fact]
    public async Task After_a_seed_the_stock_page_its_ledger_the_point_list_and_the_dashboard_show_the_ledgers_balance()
    {
        var balance = await SeedLedgerAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));

        var page = await client.GetAsync("/staff/stock/dpks");
        var points = await client.GetAsync("/staff/stock");

        Assert.True(balance > 0);
        Assert.Equal(balance.ToString(), page.Document.QuerySelector("#stock-balance")!.TextContent);
        Assert.Equal(balance, LedgerBalances(page)[0]);
        var pointRow = points.Document.QuerySelectorAll("tbody tr").Single(r => r.Children[0].TextContent.Contains(Dpks));
        Assert.Equal(balance.ToString(), pointRow.Children[1].TextContent.Trim());
        Assert.Equal(balance, await DashboardLeftAsync(client));
    }

    [Fact]
    public async Task Printing_after_a_seed_takes_from_the_ledgers_balance_and_every_figure_follows()
    {
        var balance = await SeedLedgerAsync();
        var card = await App.CardAtAsync(CardStatus.PrintReady);
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));

        var cardPage = await client.GetAsync($"/staff/cards/{card.Id}");
        var moved = await client.SubmitAsync(cardPage, "#move-one-form", new Dictionary<string, string>
        {
            ["To"] = "Printed", ["PrintingPointId"] = (await StaffTestData.PointIdAsync(App, "dpks")).ToString(),
        });
        var page = await client.GetAsync("/staff/stock/dpks");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal((balance - 1).ToString(), page.Document.QuerySelector("#stock-balance")!.TextContent);
        Assert.Equal(balance - 1, await App.WithDbAsync(db => db.BlankStockBalances.Select(b => b.Balance).SingleAsync()));
        Assert.Equal(balance - 1, await DashboardLeftAsync(client));
    }

    [Fact]
    public async Task The_ledger_is_paged_newest_first_and_each_pages_running_balance_continues_the_last()
    {
        var balance = await SeedLedgerAsync();
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));

        var first = await client.GetAsync("/staff/stock/dpks");
        var second = await client.GetAsync("/staff/stock/dpks?page=2");

        var lines = LedgerBalances(first).Concat(LedgerBalances(second)).ToList();
        Assert.Equal(50, LedgerBalances(first).Count);
        Assert.Equal(60, lines.Count);
        Assert.Equal(balance, lines[0]);
        Assert.Equal(300, lines[^1]);   // the oldest entry: the first delivery
        Assert.Contains("Halaman 2 dari 2", second.Text);
        Assert.Equal(balance.ToString(), second.Document.QuerySelector("#stock-balance")!.TextContent);
        // Running balance: each line is the one below it plus its own movement.
        var quantities = first.Document.QuerySelectorAll("#stock-table tbody tr").Concat(second.Document.QuerySelectorAll("#stock-table tbody tr"))
            .Select(r => int.Parse(r.Children[2].TextContent.Replace("+", "").Replace("−", "-"))).ToList();
        for (var i = 0; i < lines.Count - 1; i++) Assert.Equal(lines[i + 1] + quantities[i], lines[i]);
    }

    [Fact]
    public async Task Printings_at_once_never_take_more_blanks_than_the_ledger_holds()
    {
        var dpks = await StaffTestData.PointIdAsync(App, "dpks");
        // Three blanks in the ledger only, as a seed leaves them: no balance row yet.
        await App.AddAsync(new BlankStockEntry { ServicePointId = dpks, Kind = BlankStockKind.Received, Quantity = 3, At = App.Clock.GetUtcNow(), ById = Guid.NewGuid() });
        var cards = new List<Card>();
        for (var i = 0; i < 8; i++) cards.Add(await App.CardAtAsync(CardStatus.PrintReady));

        var results = await Task.WhenAll(cards.Select(card => App.InScopeAsync(sp => sp.GetRequiredService<CardMover>().MoveAsync(
            [new CardRef(card.Id, card.Version)], new MoveInput { To = CardStatus.Printed, PrintingPointId = dpks }, Guid.NewGuid(), null))));

        Assert.Equal(3, results.Count(r => r.Ok));
        Assert.All(results.Where(r => !r.Ok), r => Assert.Contains("tidak cukup: sisa 0, perlu 1", Assert.Single(r.Errors).Message));
        var (used, row, printed) = await App.WithDbAsync(async db => (
            await db.BlankStock.CountAsync(e => e.Kind == BlankStockKind.Used),
            await db.BlankStockBalances.Select(b => b.Balance).SingleAsync(),
            await db.Cards.CountAsync(c => c.Status == CardStatus.Printed)));
        Assert.Equal((3, 0, 3), (used, row, printed));
    }
}
