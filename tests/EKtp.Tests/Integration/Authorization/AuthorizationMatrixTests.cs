using System.Net;
using System.Text.RegularExpressions;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Authorization;

/// <summary>
/// Every staff, admin and dashboard route the app maps (read from its EndpointDataSource, so a new route is covered
/// the moment it exists), requested by an anonymous visitor, an Operator of another service point, a Head and an Admin.
/// </summary>
public partial class AuthorizationMatrixTests(EKtpAppFactory app) : IntegrationTest(app)
{
    public enum Who { Anonymous, OperatorOfAnotherPoint, Head, Admin }

    /// <summary>The only staff-area addresses open to anyone: signing in and the access-denied page.</summary>
    private static readonly string[] PublicStaffRoutes = ["/staff/sign-in", "/staff/sign-in/two-factor", "/staff/denied"];

    /// <summary>Staff routes for every signed-in role, not only Operator and Admin.</summary>
    private static readonly string[] AnyStaffRoutes = ["/staff", "/staff/sign-out", "/staff/two-factor"];

    private static Who[] Allowed(string route) => route switch
    {
        _ when route.StartsWith("/admin") => [Who.Admin],
        _ when route.StartsWith("/dashboard") => [Who.Head, Who.Admin],
        _ when AnyStaffRoutes.Contains(route) => [Who.OperatorOfAnotherPoint, Who.Head, Who.Admin],
        // A point's own pages are filled with another point's code (dpks) here: its Operators only, and Admins.
        _ when route.Contains("{pointCode}") => [Who.Admin],
        // The card pipeline belongs to the DPKS office (its Operators are checked in StaffAccessTests) and Admins.
        _ when route.StartsWith("/staff/cards") => [Who.Admin],
        _ => [Who.OperatorOfAnotherPoint, Who.Admin],
    };

    [GeneratedRegex(@"\{([^}:?]+)(:[^}?]+)?\??\}")]
    private static partial Regex Parameter();

    private List<(string Method, string Route, string Url, bool Anonymous)> Routes()
    {
        var source = App.Services.GetRequiredService<EndpointDataSource>();
        var list = new List<(string, string, string, bool)>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!(route == "/staff" || route.StartsWith("/staff/") || route.StartsWith("/admin") || route.StartsWith("/dashboard"))) continue;
            var url = Parameter().Replace(route, m => m.Groups[2].Value switch
            {
                ":guid" => Guid.NewGuid().ToString(),
                ":int" => "1",
                _ => "dpks",
            });
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                list.Add((method, route, url, anonymous));
        }
        return list;
    }

    [Fact]
    public void The_matrix_sees_the_admin_and_staff_routes()
    {
        var routes = Routes().Select(r => r.Route).ToHashSet();
        Assert.Contains("/admin", routes);
        Assert.Contains("/admin/staff/{id:guid}/disable", routes);
        Assert.Contains("/admin/audit/export", routes);
        Assert.Contains("/staff", routes);
        Assert.True(routes.Count > 20, string.Join(", ", routes));
    }

    [Fact]
    public void Only_signing_in_and_the_denied_page_are_open_to_anonymous_visitors()
    {
        var open = Routes().Where(r => r.Anonymous).Select(r => r.Route).Distinct();
        Assert.All(open, route => Assert.Contains(route, PublicStaffRoutes));
    }

    [Theory]
    [InlineData(Who.Anonymous)]
    [InlineData(Who.OperatorOfAnotherPoint)]
    [InlineData(Who.Head)]
    [InlineData(Who.Admin)]
    public async Task Every_staff_and_admin_route_admits_exactly_the_roles_it_should(Who who)
    {
        using var client = NewClient();
        switch (who)
        {
            case Who.OperatorOfAnotherPoint: await client.SignInAsync(await App.CreateAsync(Roles.Operator, "kec-rao")); break;
            case Who.Head: await client.SignInAsync(await App.CreateAsync(Roles.Head)); break;
            case Who.Admin: await client.SignInAsync(await App.CreateAsync(Roles.Admin)); break;
        }

        // POSTs carry a valid antiforgery token, so what answers them is authorization, not the token check.
        var tokenPage = await client.GetAsync(who == Who.Anonymous ? "/staff/sign-in" : "/staff");
        var token = tokenPage.Document.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var wrong = new List<string>();
        foreach (var (method, route, url, anonymous) in Routes().Where(r => !r.Anonymous))
        {
            // Signing out would end the session the rest of the matrix needs; it is checked last.
            if (route == "/staff/sign-out") continue;
            var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = method == "GET" ? null : new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
            });
            var location = response.Headers.Location?.ToString() ?? "";
            // A 5xx is never a right answer, whoever asks: it would hide a route that fails before authorization decides.
            var outcome = (int)response.StatusCode >= 500 ? "server error"
                : location.Contains("/staff/sign-in") ? "sign-in"
                : location.Contains("/staff/denied") || response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized ? "denied"
                : "admitted";
            var expected = who == Who.Anonymous ? "sign-in" : Allowed(route).Contains(who) ? "admitted" : "denied";
            if (outcome != expected) wrong.Add($"{method} {route}: {outcome} ({(int)response.StatusCode}), expected {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
