using EKtp.Tests.Support;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class BrowserJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    private static string[] Artefacts(string name) =>
        Directory.GetFiles(BrowserFixture.FailureDirectory, name + "-*");

    [Fact]
    public async Task A_journey_that_fails_keeps_its_screenshot_and_trace_and_one_that_passes_keeps_nothing()
    {
        var failing = "journey-artefacts-" + Guid.NewGuid().ToString("N")[..8];
        var passing = "journey-artefacts-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var journey = await browser.NewJourneyAsync(app.BaseAddress, failing))
                await journey.Page.GotoAsync("/");
            await using (var journey = await browser.NewJourneyAsync(app.BaseAddress, passing))
            {
                await journey.Page.GotoAsync("/");
                journey.Passed();
            }

            var kept = Artefacts(failing).Select(Path.GetFileName).ToList();
            Assert.Contains(kept, f => f!.EndsWith(".png"));
            Assert.Contains(kept, f => f!.EndsWith(".trace.zip") && new FileInfo(Path.Combine(BrowserFixture.FailureDirectory, f)).Length > 0);
            Assert.Empty(Artefacts(passing));
        }
        finally
        {
            foreach (var file in Artefacts(failing)) File.Delete(file);
        }
    }
}
