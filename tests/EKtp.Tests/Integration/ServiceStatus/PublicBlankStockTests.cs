using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.ServiceStatus;

/// <summary>
/// Issue 15, A5: blank-card stock per printing point on /service-status and in the API, read from the ledger; days
/// left at the rate of the last 14 days (today and the 13 before). The clock stands on Monday 1 March 2027, 08:00 WIB.
/// </summary>
public class PublicBlankStockTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private Task LedgerAsync(string point, params (BlankStockKind Kind, int Quantity, int DaysAgo)[] entries) =>
        LedgerWithIdsAsync(point, entries.Select(e => (Guid.CreateVersion7(), e.Kind, e.Quantity, e.DaysAgo)).ToArray());

    private async Task LedgerWithIdsAsync(string point, params (Guid Id, BlankStockKind Kind, int Quantity, int DaysAgo)[] entries)
    {
        var pointId = await App.PointIdAsync(point);
        var now = App.Clock.GetUtcNow();
        await App.WithDbAsync(async db =>
        {
            foreach (var (id, kind, quantity, daysAgo) in entries)
                db.BlankStock.Add(new BlankStockEntry { Id = id, ServicePointId = pointId, Kind = kind, Quantity = quantity, At = now.AddDays(-daysAgo), ById = Guid.NewGuid() });
            await db.SaveChangesAsync();
        });
    }

    private async Task<string> StockNoteAsync(string point)
    {
        using var client = NewClient();
        var page = await client.GetAsync("/service-status");
        return page.Document.QuerySelector($"[data-point='{point}'] [data-stock]")?.TextContent.Trim() ?? "";
    }

    private async Task<JsonElement> ApiPointAsync(string point)
    {
        using var http = App.CreateClient();
        var points = await http.GetFromJsonAsync<JsonElement>("/api/v1/service-points");
        return points.EnumerateArray().Single(p => p.GetProperty("code").GetString() == point);
    }

    private async Task<IAsyncDisposable> PrintingAsync(string point)
    {
        await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == point).ExecuteUpdateAsync(u => u.SetProperty(p => p.CanPrint, true)));
        return new Restore(() => App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == point).ExecuteUpdateAsync(u => u.SetProperty(p => p.CanPrint, false))));
    }

    private sealed class Restore(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }

    [Fact]
    public async Task The_stock_is_the_ledgers_and_lasts_as_many_days_as_the_last_fourteen_days_rate_allows()
    {
        // 1,000 received; 140 printed and 14 spoiled in the window (11 a day); 30 printed before the window.
        await LedgerAsync("dpks", (BlankStockKind.Received, 1000, 30), (BlankStockKind.Used, 30, 20),
            (BlankStockKind.Used, 70, 13), (BlankStockKind.Used, 70, 0), (BlankStockKind.Spoiled, 14, 5));
        // The balance row says something else: the public figure is the ledger's.
        var dpks = await App.PointIdAsync("dpks");
        await App.WithDbAsync(async db => { db.BlankStockBalances.Add(new BlankStockBalance { ServicePointId = dpks, Balance = 0 }); await db.SaveChangesAsync(); });

        var note = await StockNoteAsync("dpks");
        var api = (await ApiPointAsync("dpks")).GetProperty("blankStock");

        Assert.Equal("Mencetak KTP-el · blangko 816, cukup ±74 hari", note);
        Assert.True(api.GetProperty("available").GetBoolean());
        Assert.Equal(816, api.GetProperty("balance").GetInt32());
        Assert.Equal(154, api.GetProperty("usedLast14Days").GetInt32());
        Assert.Equal(11.0, api.GetProperty("perDay").GetDouble());
        Assert.Equal(74, api.GetProperty("daysLeft").GetInt32());
        Assert.False(api.GetProperty("suket").GetBoolean());
    }

    [Fact]
    public async Task A_point_out_of_blanks_says_residents_get_a_suket()
    {
        await LedgerAsync("dpks", (BlankStockKind.Received, 5, 3), (BlankStockKind.Used, 4, 2), (BlankStockKind.Spoiled, 1, 1));

        var note = await StockNoteAsync("dpks");
        var api = (await ApiPointAsync("dpks")).GetProperty("blankStock");

        Assert.Equal("Blangko habis: warga menerima Suket.", note);
        Assert.False(api.GetProperty("available").GetBoolean());
        Assert.Equal(0, api.GetProperty("balance").GetInt32());
        Assert.Equal(0, api.GetProperty("daysLeft").GetInt32());
        Assert.True(api.GetProperty("suket").GetBoolean());
    }

    [Fact]
    public async Task Stock_without_use_in_fourteen_days_gives_no_days_estimate()
    {
        await LedgerAsync("dpks", (BlankStockKind.Received, 300, 40), (BlankStockKind.Used, 20, 15));

        var note = await StockNoteAsync("dpks");
        var api = (await ApiPointAsync("dpks")).GetProperty("blankStock");

        Assert.Equal("Mencetak KTP-el · blangko 280 (tak terpakai 14 hari)", note);
        Assert.Equal(JsonValueKind.Null, api.GetProperty("daysLeft").ValueKind);
        Assert.Equal(0.0, api.GetProperty("perDay").GetDouble());
    }

    [Fact]
    public async Task A_printing_point_with_an_empty_ledger_is_out_of_blanks_and_other_points_show_no_stock()
    {
        await using var _ = await PrintingAsync("kec-rao");

        var rao = await StockNoteAsync("kec-rao");
        var api = await ApiPointAsync("kec-rao");
        var lubuk = await ApiPointAsync("kec-lubuk-sikaping");

        Assert.Equal("Blangko habis: warga menerima Suket.", rao);
        Assert.False(api.GetProperty("blankStock").GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lubuk.GetProperty("blankStock").ValueKind);
        Assert.Equal("", await StockNoteAsync("kec-lubuk-sikaping"));
    }

    [Fact]
    public async Task A_new_ledger_entry_shows_on_the_next_view_and_the_page_says_how_days_are_counted()
    {
        await LedgerAsync("dpks", (BlankStockKind.Received, 100, 2));
        Assert.Equal("Mencetak KTP-el · blangko 100 (tak terpakai 14 hari)", await StockNoteAsync("dpks"));

        await LedgerAsync("dpks", (BlankStockKind.Used, 28, 0));

        Assert.Equal("Mencetak KTP-el · blangko 72, cukup ±36 hari", await StockNoteAsync("dpks"));
        using var client = NewClient();
        var page = await client.GetAsync("/service-status");
        var explained = page.Document.QuerySelector("#stock-explained")!.TextContent;
        Assert.Contains("blangko yang terpakai (dicetak atau rusak) dalam 14 hari terakhir", explained);
        Assert.Contains("menerima Suket (surat keterangan pengganti KTP-el, berlaku 6 bulan)", explained);
    }

    [Fact]
    public async Task An_entry_whose_id_sorts_below_the_newest_shows_on_the_next_view()
    {
        await LedgerAsync("dpks", (BlankStockKind.Received, 100, 2));
        Assert.Equal("Mencetak KTP-el · blangko 100 (tak terpakai 14 hari)", await StockNoteAsync("dpks"));

        // A field node's entry made offline an hour ago and applied at the hub now: its id is older than the newest.
        await LedgerWithIdsAsync("dpks", (Guid.CreateVersion7(DateTimeOffset.UtcNow.AddHours(-1)), BlankStockKind.Used, 28, 0));

        Assert.Equal("Mencetak KTP-el · blangko 72, cukup ±36 hari", await StockNoteAsync("dpks"));
    }
}
