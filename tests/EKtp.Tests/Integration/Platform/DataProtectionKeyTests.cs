using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Platform;

/// <summary>Its own database: one test deletes the key ring, which the shared app's tests must not see.</summary>
public sealed class KeyRingAppFactory() : EKtpAppFactory("keys");

public class DataProtectionKeyTests(KeyRingAppFactory app) : IClassFixture<KeyRingAppFactory>
{
    private const string QueuePage = "/staff/queue/dpks";
    private const string SignOutForm = "form[action='/staff/sign-out']";

    /// <summary>A second host on the same database: what a restart, or a second instance behind the proxy, is.</summary>
    private WebApplicationFactory<Program> NewHost() => app.WithWebHostBuilder(_ => { });

    private static PageClient Client(WebApplicationFactory<Program> host, CookieContainer cookies) =>
        new(host.CreateDefaultClient(new CookieContainerHandler(cookies)));

    private async Task<(CookieContainer Cookies, PageResult Page)> SignInOnAHostThatThenStopsAsync()
    {
        var user = await app.CreateAsync(Roles.Operator, "dpks");
        var cookies = new CookieContainer();
        await using var host = NewHost();
        using var client = Client(host, cookies);
        await client.SignInAsync(user);
        var page = await client.GetAsync(QueuePage);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return (cookies, page);
    }

    [Fact]
    public async Task After_a_restart_staff_stay_signed_in_and_a_form_from_before_is_accepted()
    {
        var (cookies, pageFromBefore) = await SignInOnAHostThatThenStopsAsync();

        await using var restarted = NewHost();
        using var client = Client(restarted, cookies);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(QueuePage)).Status);
        // A form whose antiforgery token the new host cannot read is refused with 400.
        var signOut = await client.SubmitAsync(pageFromBefore, SignOutForm);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/", signOut.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_key_ring_is_read_from_the_database_not_from_the_machine()
    {
        var (cookies, _) = await SignInOnAHostThatThenStopsAsync();
        Assert.True(await app.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));

        await app.WithDbAsync(db => db.DataProtectionKeys.ExecuteDeleteAsync());
        await using var restarted = NewHost();
        using var client = Client(restarted, cookies);
        var response = await client.Http.GetAsync(QueuePage);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/staff/sign-in", response.Headers.Location!.ToString());
    }
}
