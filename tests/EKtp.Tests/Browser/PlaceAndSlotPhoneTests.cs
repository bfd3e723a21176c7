using System.Text.RegularExpressions;
using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Support;

namespace EKtp.Tests.Browser;

/// <summary>Issue 14, items 7 and 8, on a 360 × 740 phone: the nagari first and once; a picked day lands on its hours.</summary>
[Collection(BrowserCollection.Name)]
public partial class PlaceAndSlotPhoneTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task A_resident_names_their_nagari_first_books_the_nearest_office_and_is_not_asked_for_it_again()
    {
        await app.ResetAsync();
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "place-from-nagari", viewport: ServiceStatusPhoneTests.SmallPhone);
        var page = journey.Page;
        var booking = new BookingPages(page);

        await booking.ChooseServiceAsync("Perekaman baru");
        await booking.ChooseVillageAsync("Jambak");
        Assert.Contains("village=13.08.05.2002", page.Url);
        var nearest = page.Locator(".nearest a.place-link");
        Assert.Contains("Kantor Camat Lubuk Sikaping", await nearest.First.InnerTextAsync());
        Assert.True(await nearest.First.IsVisibleAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "place-nearest");

        await booking.ChoosePlaceAsync("kec-lubuk-sikaping");
        await booking.ChooseFirstSlotAsync();
        Assert.Contains("Jambak", await page.Locator("#village-chosen").InnerTextAsync());
        Assert.False(await page.GetByLabel("Nagari tempat tinggal", new() { Exact = true }).IsVisibleAsync());
        await booking.FillDetailsAsync("1308054208950002", "1308050101100001", "Rahmi Yusuf", "1995-08-02", "0812 3456 7891", null);
        Assert.Contains("Jambak", await page.Locator("main").InnerTextAsync());
        Assert.DoesNotContain("1308054208950002", page.Url);
        journey.Passed();
    }

    [Fact]
    public async Task Picking_a_day_on_a_360_px_phone_lands_on_its_hours_without_scrolling()
    {
        await app.ResetAsync();
        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "slots-day-strip", viewport: ServiceStatusPhoneTests.SmallPhone);
        var page = journey.Page;
        var height = ServiceStatusPhoneTests.SmallPhone.Height;

        await page.GotoAsync("/booking/slots?service=new-recording&point=kec-rao");
        var soonest = (await page.Locator("a.soonest-link").First.BoundingBoxAsync())!;
        Assert.True(soonest.Y + soonest.Height <= height, $"the soonest slot ends at {soonest.Y + soonest.Height} px, below the first screen");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.Locator("a.day-link").Nth(3).ClickAsync();
        await page.WaitForURLAsync(PickedDay());
        var legend = (await page.Locator("#jam legend").BoundingBoxAsync())!;
        var slot = (await page.Locator("#jam .slot-option").First.BoundingBoxAsync())!;
        Assert.True(legend.Y >= 0 && slot.Y + slot.Height <= height,
            $"after picking a day the hours are at {legend.Y}–{slot.Y + slot.Height} px of a {height} px screen");
        Assert.Equal("date", await page.Locator("a.day-link").Nth(3).GetAttributeAsync("aria-current"));
        var width = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(width[0] <= width[1], $"{width[0]} px wide in {width[1]} px");
        await BrowserFixture.ScreenshotAsync(page, "slots-picked-day");
        journey.Passed();
    }

    [GeneratedRegex("date=[0-9-]+#jam$")]
    private static partial Regex PickedDay();
}
