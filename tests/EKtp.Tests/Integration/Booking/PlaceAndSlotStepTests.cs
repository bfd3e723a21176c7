using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Booking;

/// <summary>Issue 14, items 7 and 8: the place step starts from the resident's nagari; the slot step leads with the soonest slots.</summary>
public class PlaceAndSlotStepTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Jambak = "13.08.05.2002"; // Kecamatan Lubuk Sikaping

    private Task AddStopAsync(string villageCode, string place, DateOnly date) => App.WithDbAsync(async db =>
    {
        var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
        db.MobileStops.Add(new MobileStop
        {
            ServicePointId = unit.Id, Date = date, VillageCode = villageCode, Place = place, Start = new(9, 0), End = new(12, 0),
        });
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_chosen_nagari_lists_a_stop_to_it_then_its_kecamatan_office_then_DPKS_with_hours_and_printing()
    {
        await AddStopAsync(Jambak, "Balai Nagari Jambak", new DateOnly(2027, 3, 3));
        await AddStopAsync("13.08.07.2001", "Kantor Wali Nagari Panti", new DateOnly(2027, 3, 4));
        using var client = NewClient();

        var first = await client.GetAsync("/booking/place?service=new-recording");
        var form = first.Document.QuerySelector("form#village-form")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector($"select[name='village'] option[value='{Jambak}']"));
        Assert.Null(first.Document.QuerySelector(".nearest"));

        var page = await client.GetAsync($"/booking/place?service=new-recording&village={Jambak}");
        var nearest = page.Document.QuerySelectorAll(".nearest a.place-link").ToList();
        Assert.Equal(3, nearest.Count);
        Assert.Contains("Balai Nagari Jambak", nearest[0].TextContent);
        Assert.Contains("Kartu dicetak di kantor Dinas", nearest[0].TextContent);
        Assert.Contains("Kantor Camat Lubuk Sikaping", nearest[1].TextContent);
        Assert.Contains("kantor camat Anda", nearest[1].TextContent);
        Assert.Contains("Jam Sen–Kam 07.30–16.00; Jum 07.30–16.30 WIB", nearest[1].TextContent);
        Assert.Contains("Kecamatan Lubuk Sikaping, Kabupaten Pasaman", nearest[1].TextContent);
        Assert.Contains("Kantor Dinas Kependudukan", nearest[2].TextContent);
        Assert.Contains("Kartu dicetak di sini", nearest[2].TextContent);
        Assert.All(nearest, a => Assert.Contains($"village={Jambak}", a.GetAttribute("href")));
        Assert.Equal(Jambak, page.Document.QuerySelector("select[name='village'] option[selected]")!.GetAttribute("value"));
        // The nearest are not listed twice; the other places follow.
        var others = page.Document.QuerySelectorAll("a.place-link:not([data-nearest])").ToList();
        Assert.DoesNotContain(others, a => a.TextContent.Contains("Lubuk Sikaping") || a.TextContent.Contains("Balai Nagari Jambak"));
        Assert.Contains(others, a => a.TextContent.Contains("Kantor Wali Nagari Panti"));
        Assert.Equal(11, page.Document.QuerySelectorAll("section[aria-labelledby='offices-heading'] a.place-link").Length);

        var unknown = await client.GetAsync("/booking/place?service=new-recording&village=13.08.99.9999");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Null(unknown.Document.QuerySelector(".nearest"));
    }

    [Fact]
    public async Task The_nagari_chosen_on_the_place_step_is_carried_to_the_personal_data_step_and_booked()
    {
        using var client = NewClient();
        var place = await client.GetAsync($"/booking/place?service=new-recording&village={Jambak}");
        var office = place.Document.QuerySelectorAll(".nearest a.place-link").First(a => a.GetAttribute("href")!.EndsWith("point=kec-lubuk-sikaping"));
        var slots = await client.GetAsync(office.GetAttribute("href")!);
        Assert.Equal(Jambak, slots.Document.QuerySelector("#jam input[name='village']")!.GetAttribute("value"));
        Assert.Contains($"village={Jambak}", slots.Document.QuerySelector("a.day-link")!.GetAttribute("href"));
        var slot = slots.Document.QuerySelector("#jam input[name='slot']")!.GetAttribute("value");

        var details = await client.GetAsync($"/booking/details?service=new-recording&slot={slot}&village={Jambak}");
        Assert.Equal("Nagari tempat tinggal: Jambak, Kecamatan Lubuk Sikaping", details.Document.QuerySelector("#village-chosen")!.TextContent.Trim());
        Assert.Equal(Jambak, details.Document.QuerySelector("select[name='VillageCode'] option[selected]")!.GetAttribute("value"));
        var values = Details(Nik(7));
        values.Remove("VillageCode");
        var confirm = await client.FollowAsync(await client.SubmitAsync(details, "#details-form", values));
        Assert.Contains("Jambak", confirm.Text);
        await client.SubmitAsync(confirm, "#confirm-form");
        Assert.Equal(Jambak, await App.WithDbAsync(db => db.Appointments.Select(a => a.VillageCode).SingleAsync()));
    }

    [Fact]
    public async Task The_slot_step_leads_with_the_soonest_free_slots_says_why_not_today_and_links_days_to_the_hours()
    {
        using var client = NewClient();
        var page = await client.GetAsync("/booking/slots?service=new-recording&point=kec-rao");
        var soonest = page.Document.QuerySelectorAll("a.soonest-link").ToList();
        Assert.Equal(3, soonest.Count);
        Assert.Contains("Sel 2 Mar, 07.30–08.00", soonest[0].TextContent);
        Assert.Contains("Sel 2 Mar, 08.00–08.30", soonest[1].TextContent);
        Assert.StartsWith("/booking/details?service=new-recording&slot=", soonest[0].GetAttribute("href"));
        Assert.Contains("Datang langsung dilayani di loket", page.Document.QuerySelector("#today-note")!.TextContent);
        var days = page.Document.QuerySelectorAll("a.day-link").ToList();
        Assert.All(days, a => Assert.EndsWith("#jam", a.GetAttribute("href")));
        Assert.True(page.Document.QuerySelector("#soonest-heading")!.CompareDocumentPosition(page.Document.QuerySelector("#days-heading")!)
            .HasFlag(AngleSharp.Dom.DocumentPositions.Following));

        var picked = await client.GetAsync(days[2].GetAttribute("href")!.Split('#')[0]);
        Assert.Empty(picked.Document.QuerySelectorAll("a.soonest-link"));
        Assert.Equal("date", picked.Document.QuerySelectorAll("a.day-link")[2].GetAttribute("aria-current"));
        Assert.NotNull(picked.Document.QuerySelector("form#jam input[name='slot']"));
    }
}
