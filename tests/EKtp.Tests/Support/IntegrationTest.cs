using System.Net;
using AngleSharp.Html.Dom;

namespace EKtp.Tests.Support;

/// <summary>
/// Base of the integration tests: one shared app and database, emptied before each test.
/// Tests in this collection run one after another, so no test sees another's rows.
/// </summary>
[Collection(DatabaseCollection.Name)]
public abstract class IntegrationTest(EKtpAppFactory app) : IAsyncLifetime
{
    protected EKtpAppFactory App { get; } = app;

    public virtual Task InitializeAsync() => App.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    protected PageClient NewClient() => new(App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

    protected static void AssertRedirect(HttpResponseMessage response, string location)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    protected static IHtmlDocument Doc(PageResult page) => page.Document;
}
