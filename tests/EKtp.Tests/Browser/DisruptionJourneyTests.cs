using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.Disruptions;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Disruptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class DisruptionJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task A_resident_sees_the_disruption_and_rebooks_in_one_click()
    {
        await app.ResetAsync();
        var nik = NewNik();
        var mine = await app.BookAsync("kec-rao", Monday, new(10, 0), nik);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
            var rao = await db.ServicePoints.Where(p => p.Code == "kec-rao").Select(p => p.Id).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<DeclareDisruption>().HandleAsync(new DeclareDisruptionInput
            {
                Kind = DisruptionKind.Network, StartsNow = true, ExpectedEndAt = "2027-03-01T12:00",
                PublicNote = "Jaringan internet kantor camat putus sejak pagi.",
            }, rao, Guid.NewGuid());
        }
        await using var pageJourney = await browser.NewJourneyAsync(app.BaseAddress, "disruption-journey-page");
        var page = pageJourney.Page;

        var status = new ServiceStatusPage(page);
        await status.OpenAsync();
        Assert.Equal("disrupted", await status.StateOfAsync("kec-rao"));
        Assert.Contains("Jaringan terputus", await status.Point("kec-rao").InnerTextAsync());
        Assert.Contains("perkiraan selesai", await status.Point("kec-rao").InnerTextAsync());
        Assert.Equal("open", await status.StateOfAsync("dpks"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "service-status-disrupted");

        var mineOnline = new MyAppointmentPage(page);
        await mineOnline.LookUpAsync(mine.Code, nik);
        Assert.Contains("Janji Anda terdampak gangguan", await mineOnline.Notice.InnerTextAsync());
        Assert.Contains("12.00", await mineOnline.Notice.InnerTextAsync());
        Assert.DoesNotContain(nik, page.Url);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "my-appointment-affected");

        await mineOnline.SamePointButton.ClickAsync();
        Assert.Contains($"Janji {mine.Code} dipindahkan", await mineOnline.Flash.InnerTextAsync());
        Assert.DoesNotContain(nik, page.Url);
        await BrowserFixture.ScreenshotAsync(page, "my-appointment-rebooked");

        var moved = await app.ReloadAsync(mine.Id);
        Assert.Null(moved.AffectedByDisruptionId);
        Assert.Equal(Wib.At(Monday, new(13, 0)), moved.Slot!.StartsAt);
        pageJourney.Passed();
    }
}
