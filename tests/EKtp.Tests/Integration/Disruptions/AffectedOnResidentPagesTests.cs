using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Disruptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Integration.Disruptions;

/// <summary>The disruption notice and its one-click rebook on the pages residents already use: /status and /booking/manage.</summary>
public class AffectedOnResidentPagesTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task DeclareNetworkDownAsync(string pointCode, string from, string to)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        var pointId = await db.ServicePoints.Where(p => p.Code == pointCode).Select(p => p.Id).SingleAsync();
        await scope.ServiceProvider.GetRequiredService<DeclareDisruption>().HandleAsync(new DeclareDisruptionInput
        {
            Kind = DisruptionKind.Network, StartsNow = false, StartsAt = from, ExpectedEndAt = to,
        }, pointId, Guid.NewGuid());
    }

    private static Dictionary<string, string> Lookup(Appointment a, string nik) => new() { ["Code"] = a.Code, ["Nik"] = nik };

    [Fact]
    public async Task The_status_page_shows_the_disruption_and_rebooks_in_one_click()
    {
        var nik = NewNik();
        var mine = await App.BookAsync("kec-rao", Monday.AddDays(1), new(9, 0), nik);
        await DeclareNetworkDownAsync("kec-rao", "2027-03-02T08:00", "2027-03-02T12:00");

        using var client = NewClient();
        var form = await client.GetAsync("/status");
        var result = await PageClient.ReadAsync(await client.SubmitAsync(form, "form[action='/status']", Lookup(mine, nik)));
        var notice = result.Document.QuerySelector("#status-result .affected-appointment");
        Assert.NotNull(notice);
        Assert.Contains("Jaringan terputus", notice.TextContent);

        var moved = await client.SubmitAsync(result, "form.rebook-form:has(button[data-option='SamePoint'])");
        AssertRedirect(moved, "/status");
        var after = await App.ReloadAsync(mine.Id);
        Assert.Null(after.AffectedByDisruptionId);
        Assert.Equal(Wib.At(Monday.AddDays(1), new(13, 0)), after.Slot!.StartsAt);
    }

    [Fact]
    public async Task The_manage_page_rebooks_from_its_session_without_echoing_the_NIK()
    {
        var nik = NewNik();
        var mine = await App.BookAsync("kec-rao", Monday.AddDays(1), new(9, 0), nik);
        await DeclareNetworkDownAsync("kec-rao", "2027-03-02T08:00", "2027-03-02T12:00");

        using var client = NewClient();
        var form = await client.GetAsync("/booking/manage");
        var found = await client.FollowAsync(await client.SubmitAsync(form, "form[action='/booking/manage']", Lookup(mine, nik)));
        Assert.NotNull(found.Document.QuerySelector(".affected-appointment"));
        Assert.DoesNotContain(nik, found.Html);

        var moved = await client.SubmitAsync(found, "form.rebook-form:has(button[data-option='SamePoint'])");
        AssertRedirect(moved, "/booking/manage/appointment");
        var page = await client.FollowAsync(moved);
        Assert.Contains("sudah dipindahkan", page.Text);
        Assert.Null(page.Document.QuerySelector(".affected-appointment"));
        var after = await App.ReloadAsync(mine.Id);
        Assert.Equal(Wib.At(Monday.AddDays(1), new(13, 0)), after.Slot!.StartsAt);
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.Where(s => s.Id == mine.SlotId).Select(s => s.Booked).SingleAsync()));
    }
}
