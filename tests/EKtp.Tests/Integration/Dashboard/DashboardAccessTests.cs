using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;

namespace EKtp.Tests.Integration.Dashboard;

[Collection(StaffDatabaseCollection.Name)]
public class DashboardAccessTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/csv/coverage")]
    [InlineData("/admin/population-targets")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        using var client = NewClient();
        var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/sign-in", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/csv/coverage")]
    public async Task An_operator_cannot_open_the_dashboard(string path)
    {
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, "kec-rao"));
        var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_head_opens_the_dashboard_but_not_the_target_import()
    {
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Head));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).Status);
        var import = await client.Http.GetAsync("/admin/population-targets");
        Assert.StartsWith("/staff/denied", import.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_admin_opens_the_dashboard_and_refreshes_its_data()
    {
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));
        var page = await client.GetAsync("/dashboard?kecamatan=13.08.04");
        Assert.Contains("belum pernah dihitung", page.Document.QuerySelector("#data-as-of")!.TextContent);

        var refreshed = await client.SubmitAsync(page, "form[action='/dashboard/refresh']");

        Assert.Equal(HttpStatusCode.Redirect, refreshed.StatusCode);
        Assert.Contains("kecamatan=13.08.04", refreshed.Headers.Location!.OriginalString);
        var after = await client.FollowAsync(refreshed);
        Assert.DoesNotContain("belum pernah dihitung", after.Document.QuerySelector("#data-as-of")!.TextContent);
    }
}
