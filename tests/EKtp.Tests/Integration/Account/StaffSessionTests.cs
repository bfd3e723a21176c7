using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;

namespace EKtp.Tests.Integration.Account;

/// <summary>Signing out ends the session everywhere, and no session outlives its absolute lifetime.</summary>
[Collection(StaffDatabaseCollection.Name)]
public class StaffSessionTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Queue = "/staff/queue/kec-rao";

    /// <summary>Signs in through the form and returns the session cookie as a browser would store it.</summary>
    private static async Task<string> SignInAsync(PageClient client, StaffUser user)
    {
        var page = await client.GetAsync("/staff/sign-in");
        var response = await client.SubmitAsync(page, "form[action='/staff/sign-in']",
            new Dictionary<string, string> { ["Email"] = user.Email!, ["Password"] = StaffAccounts.Password });
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ektp.staff=")).Split(';')[0];
    }

    private async Task<HttpResponseMessage> WithCookieAsync(string cookie, string address)
    {
        using var raw = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Add("Cookie", cookie);
        return await raw.SendAsync(request);
    }

    [Fact]
    public async Task A_session_cookie_copied_before_sign_out_is_refused_afterwards()
    {
        var user = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = NewClient();
        var copied = await SignInAsync(client, user);
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(copied, Queue)).StatusCode);

        var staffHome = await client.GetAsync("/staff");
        AssertRedirect(await client.SubmitAsync(staffHome, "form[action='/staff/sign-out']"), "/");
        App.Clock.Advance(TimeSpan.FromSeconds(1));

        var replayed = await WithCookieAsync(copied, Queue);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/staff/sign-in", replayed.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_active_staff_session_ends_eight_hours_after_sign_in()
    {
        var user = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = NewClient();
        await SignInAsync(client, user);

        // Busy all day: a request every 29 minutes keeps the 30-minute idle limit from ending the session.
        for (var elapsed = TimeSpan.Zero; elapsed + TimeSpan.FromMinutes(29) <= TimeSpan.FromHours(8); elapsed += TimeSpan.FromMinutes(29))
        {
            App.Clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(Queue)).StatusCode);
        }
        App.Clock.Advance(TimeSpan.FromMinutes(29));

        var late = await client.Http.GetAsync(Queue);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.StartsWith("/staff/sign-in", late.Headers.Location!.PathAndQuery);
    }
}
