using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Staff;

[Collection(StaffDatabaseCollection.Name)]
public class StaffAccessTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly Guid AnyId = Guid.Parse("0190d4b2-0000-7000-8000-000000000001");

    public static readonly string[] StaffGets =
    [
        "/staff", "/staff/queue", "/staff/queue/kec-rao", $"/staff/queue/kec-rao/tickets/{AnyId}",
        "/staff/cards", "/staff/cards?status=PrintReady", $"/staff/cards/{AnyId}", "/staff/cards/import", "/staff/stock", "/staff/stock/kec-rao",
    ];

    public static readonly string[] StaffPosts =
    [
        "/staff/queue/kec-rao/check-in", "/staff/queue/kec-rao/walk-in", "/staff/queue/kec-rao/call-next",
        $"/staff/queue/kec-rao/tickets/{AnyId}/skip", $"/staff/queue/kec-rao/tickets/{AnyId}/recall", $"/staff/queue/kec-rao/tickets/{AnyId}/outcome",
        "/staff/cards/move", $"/staff/cards/{AnyId}/move", "/staff/cards/import", "/staff/cards/import/apply", "/staff/stock/kec-rao",
    ];

    private static void AssertDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/staff/denied", response.Headers.Location!.ToString());
    }

    private async Task<PageClient> SignedInAsync(string role, string? point = null)
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(role, point));
        return client;
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_staff_route()
    {
        using var client = NewClient();
        foreach (var url in StaffGets)
        {
            var response = await client.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url}: {response.StatusCode}");
            Assert.StartsWith("http://localhost/staff/sign-in?ReturnUrl=", response.Headers.Location!.ToString());
        }
        foreach (var url in StaffPosts)
        {
            var response = await client.Http.PostAsync(url, new FormUrlEncodedContent([]));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {url}: {response.StatusCode}");
            Assert.Contains("/staff/sign-in", response.Headers.Location!.ToString());
        }
        Assert.Equal(0, await App.WithDbAsync(db => db.QueueTickets.CountAsync()));
    }

    [Fact]
    public async Task An_operator_cannot_see_or_change_another_points_queue()
    {
        var dpksPoint = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == "dpks"));
        await App.InScopeAsync(sp => sp.GetRequiredService<WalkIn>().RunAsync(dpksPoint, new WalkInInput()));
        var dpksTicket = await App.WithDbAsync(db => db.QueueTickets.SingleAsync());
        using var rao = await SignedInAsync(Roles.Operator, "kec-rao");
        var own = await rao.GetAsync("/staff/queue/kec-rao");
        Assert.Equal(HttpStatusCode.OK, own.Status);

        var forbidden = new List<HttpResponseMessage>
        {
            await rao.Http.GetAsync("/staff/queue/dpks"),
            await rao.Http.GetAsync("/staff/stock/dpks"),
            await rao.PostAsync("/staff/queue/dpks/call-next", own, new Dictionary<string, string> { ["Counter"] = "1" }),
            await rao.PostAsync("/staff/queue/dpks/walk-in", own, new Dictionary<string, string> { ["Service"] = "NewRecording" }),
            await rao.PostAsync($"/staff/queue/dpks/tickets/{dpksTicket.Id}/skip", own, new Dictionary<string, string>()),
            await rao.PostAsync("/staff/stock/dpks", own, new Dictionary<string, string> { ["Kind"] = "Received", ["Quantity"] = "5" }),
        };
        // Through their own point's address a ticket of another point does not exist.
        var viaOwn = await rao.Http.GetAsync($"/staff/queue/kec-rao/tickets/{dpksTicket.Id}");
        var callOwn = await rao.PostAsync($"/staff/queue/kec-rao/tickets/{dpksTicket.Id}/recall", own, new Dictionary<string, string>());

        Assert.All(forbidden, AssertDenied);
        Assert.Equal(HttpStatusCode.NotFound, viaOwn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, callOwn.StatusCode);
        var after = await App.WithDbAsync(db => db.QueueTickets.ToListAsync());
        Assert.Equal(TicketStatus.Waiting, Assert.Single(after).Status);
        Assert.Equal(0, await App.WithDbAsync(db => db.BlankStock.CountAsync()));
        Assert.Equal("/staff/queue/kec-rao", (await rao.Http.GetAsync("/staff/queue")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_card_pipeline_is_for_DPKS_operators_and_admins_only()
    {
        using var rao = await SignedInAsync(Roles.Operator, "kec-rao");
        using var head = await SignedInAsync(Roles.Head);
        using var dpks = await SignedInAsync(Roles.Operator, "dpks");
        using var admin = await SignedInAsync(Roles.Admin);

        AssertDenied(await rao.Http.GetAsync("/staff/cards"));
        AssertDenied(await rao.Http.GetAsync("/staff/cards/import"));
        AssertDenied(await head.Http.GetAsync("/staff/cards"));
        AssertDenied(await head.Http.GetAsync("/staff/queue/kec-rao"));
        Assert.Equal(HttpStatusCode.OK, (await dpks.GetAsync("/staff/cards")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/staff/cards/import")).Status);
        Assert.DoesNotContain("/staff/cards", (await rao.GetAsync("/staff")).Html);
        var home = await dpks.GetAsync("/staff");
        Assert.Contains("href=\"/staff/cards\"", home.Html);
    }

    [Fact]
    public async Task An_admin_chooses_any_points_queue()
    {
        using var admin = await SignedInAsync(Roles.Admin);

        var chooser = await admin.GetAsync("/staff/queue");
        var dpks = await admin.GetAsync("/staff/queue/dpks");
        var rao = await admin.GetAsync("/staff/queue/kec-rao");
        var unknown = await admin.Http.GetAsync("/staff/queue/nowhere");

        Assert.NotNull(chooser.Document.QuerySelector("a[href='/staff/queue/mobil-1']"));
        Assert.Equal(HttpStatusCode.OK, dpks.Status);
        Assert.Equal(HttpStatusCode.OK, rao.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_display_board_is_public_and_shows_numbers_but_no_personal_data()
    {
        var appointment = await App.BookAsync("kec-rao", fullName: "Rahmat Hidayat Lubis");
        var point = await App.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Code == "kec-rao"));
        await App.InScopeAsync(sp => sp.GetRequiredService<CheckIn>().RunAsync(point, new CheckInInput { Code = appointment.Code }));
        await App.InScopeAsync(sp => sp.GetRequiredService<WalkIn>().RunAsync(point, new WalkInInput()));
        await App.InScopeAsync(sp => sp.GetRequiredService<QueueCaller>().CallNextAsync(point.Id, 4, Guid.NewGuid()));
        using var client = NewClient();

        var board = await client.GetAsync("/display/kec-rao");
        var missing = await client.Http.GetAsync("/display/nowhere");

        Assert.Equal(HttpStatusCode.OK, board.Status);
        Assert.Contains("A-001", board.Document.QuerySelector("#serving")!.TextContent);
        Assert.Contains("Loket 4", board.Document.QuerySelector("#serving")!.TextContent);
        Assert.Equal("B-001", board.Document.QuerySelector("#next")!.TextContent.Trim());
        Assert.Equal("1", board.Document.QuerySelector("#waiting")!.TextContent.Trim());
        Assert.NotNull(board.Document.QuerySelector("noscript meta[http-equiv='refresh']"));
        Assert.DoesNotContain("Rahmat", board.Html);
        Assert.DoesNotContain(appointment.Code, board.Html);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
