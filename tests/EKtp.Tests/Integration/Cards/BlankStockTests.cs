using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Cards;

[Collection(StaffDatabaseCollection.Name)]
public class BlankStockTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static async Task<PageResult> RecordAsync(PageClient client, string kind, int quantity)
    {
        var page = await client.GetAsync("/staff/stock/dpks");
        var response = await client.SubmitAsync(page, "#stock-form",
            new Dictionary<string, string> { ["Kind"] = kind, ["Quantity"] = quantity.ToString() });
        return await client.FollowAsync(response);
    }

    [Fact]
    public async Task Received_used_and_spoiled_blanks_give_the_running_balance_and_a_warning_below_the_threshold()
    {
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, "dpks"));
        await RecordAsync(client, "Received", 60);
        await RecordAsync(client, "Spoiled", 5);
        var ok = await RecordAsync(client, "Received", 3);
        Assert.Null(ok.Document.QuerySelector("#stock-warning"));   // 58 >= 50

        var card = await App.CardAtAsync(CardStatus.PrintReady);
        var cardPage = await client.GetAsync($"/staff/cards/{card.Id}");
        await client.SubmitAsync(cardPage, "#move-one-form", new Dictionary<string, string>
        {
            ["To"] = "Printed", ["PrintingPointId"] = (await App.PointIdAsync("dpks")).ToString(),
        });
        var low = await RecordAsync(client, "Spoiled", 8);

        Assert.Equal("49", low.Document.QuerySelector("#stock-balance")!.TextContent);
        Assert.NotNull(low.Document.QuerySelector("#stock-warning"));
        var balances = low.Document.QuerySelectorAll("#stock-table tbody tr").Select(r => r.Children[3].TextContent).ToList();
        Assert.Equal(["49", "57", "58", "55", "60"], balances);
        Assert.Contains("Diterima 63 · dipakai 1 · rusak 13", low.Text);
    }

    [Fact]
    public async Task More_spoiled_blanks_than_the_balance_and_bad_quantities_are_refused_beside_the_field()
    {
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, "dpks"));
        await RecordAsync(client, "Received", 2);

        var tooMany = await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync("/staff/stock/dpks"), "#stock-form",
            new Dictionary<string, string> { ["Kind"] = "Spoiled", ["Quantity"] = "3" }));
        var zero = await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync("/staff/stock/dpks"), "#stock-form",
            new Dictionary<string, string> { ["Kind"] = "Received", ["Quantity"] = "0" }));
        var used = await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync("/staff/stock/dpks"), "#stock-form",
            new Dictionary<string, string> { ["Kind"] = "Used", ["Quantity"] = "1" }));

        Assert.Equal("Stok blanko tidak cukup untuk mencatat 3 rusak (sisa 2).", tooMany.FieldError("Quantity"));
        Assert.Equal("Jumlah antara 1 dan 100.000.", zero.FieldError("Quantity"));
        var garbage = await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync("/staff/stock/dpks"), "#stock-form",
            new Dictionary<string, string> { ["Kind"] = "Dicuri", ["Quantity"] = "4" }));
        Assert.Equal("Pilih diterima atau rusak.", used.FieldError("Kind"));
        Assert.NotEqual("", garbage.FieldError("Kind"));
        Assert.Equal(2, await App.WithDbAsync(db => db.BlankStockBalances.Select(b => b.Balance).SingleAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.BlankStock.CountAsync()));
    }
}
