using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Admin;

/// <summary>
/// Issue 15, A6: extra sessions for the Lebaran surge, opened in one step for several dates and points, all or nothing.
/// The clock stands on Monday 1 March 2027; Idulfitri is 10 and 11 March (holidays), 8 March is Nyepi.
/// </summary>
[Collection(StaffDatabaseCollection.Name)]
public class ExtraSessionTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Page = "/admin/extra-sessions";
    private static readonly DateOnly Saturday = new(2027, 3, 6);
    private static readonly DateOnly Sunday = new(2027, 3, 7);
    private static readonly DateOnly Friday = new(2027, 3, 12);

    private async Task<PageClient> AdminAsync()
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin));
        return client;
    }

    /// <summary>The form's fields with several points ticked (a dictionary holds one value per name).</summary>
    private async Task<List<KeyValuePair<string, string>>> FieldsAsync(PageResult page, string dates, string[] points,
        string start = "08:00", string end = "12:00", string capacity = "5", string note = "Lebaran 1448 H")
    {
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.Document.QuerySelector("#extra-sessions-form")!;
        var fields = PageClient.FormFields(form).Where(f => f.Key is "__RequestVerificationToken" or SubmitOnce.Field).ToList();
        fields.Add(new("Dates", dates));
        fields.Add(new("Start", start));
        fields.Add(new("End", end));
        fields.Add(new("CapacityPerSlot", capacity));
        fields.Add(new("SlotMinutes", "30"));
        fields.Add(new("Note", note));
        foreach (var code in points) fields.Add(new("Points", (await App.PointIdAsync(code)).ToString()));
        return fields;
    }

    private async Task<HttpResponseMessage> PostAsync(PageClient client, List<KeyValuePair<string, string>> fields) =>
        await client.Http.PostAsync(Page, new FormUrlEncodedContent(fields));

    private Task<int> SessionCountAsync() => App.WithDbAsync(db => db.ExtraSessions.CountAsync());

    [Fact]
    public async Task Sessions_open_on_every_chosen_date_and_point_and_residents_see_their_slots()
    {
        using var client = await AdminAsync();
        var page = await client.GetAsync(Page);

        var response = await PostAsync(client, await FieldsAsync(page, "2027-03-06, 07-03-2027", ["dpks", "kec-rao"]));

        AssertRedirect(response, Page);
        var done = await client.FollowAsync(response);
        Assert.Contains("4 sesi tambahan dibuka", done.Text);
        var sessions = await App.WithDbAsync(db => db.ExtraSessions.ToListAsync());
        Assert.Equal(4, sessions.Count);
        Assert.Single(sessions.Select(s => s.BatchId).Distinct());
        using var http = App.CreateClient();
        var slots = await http.GetFromJsonAsync<JsonElement>("/api/v1/service-points/kec-rao/slots?from=2027-03-06&to=2027-03-07");
        var list = slots.EnumerateArray().ToList();
        Assert.Equal(16, list.Count);
        Assert.Equal("2027-03-06T08:00:00+07:00", list[0].GetProperty("start").GetString());
        Assert.All(list, s => Assert.Equal(5, s.GetProperty("available").GetInt32()));
        // The generator keeps them: they are part of the plan, not strays to close.
        await App.Get<EKtp.Web.Features.Scheduling.SlotGenerator>().GenerateAsync();
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.CountAsync(s => s.Date == Saturday && s.IsClosed)));
    }

    [Fact]
    public async Task A_weekday_evening_beside_the_weekly_sessions_is_allowed()
    {
        using var client = await AdminAsync();
        var page = await client.GetAsync(Page);

        // Without a note: the field is optional.
        var response = await PostAsync(client, await FieldsAsync(page, "2027-03-12", ["kec-rao"], start: "16:30", end: "20:00", note: ""));

        AssertRedirect(response, Page);
        var evening = Wib.At(Friday, new TimeOnly(16, 30));
        var slots = await App.WithDbAsync(db => db.Slots.CountAsync(s => s.Date == Friday && s.ServicePoint!.Code == "kec-rao" && s.StartsAt >= evening));
        Assert.Equal(7, slots);
    }

    [Fact]
    public async Task A_past_date_a_holiday_and_an_unreadable_date_are_refused_beside_the_dates_and_nothing_is_opened()
    {
        using var client = await AdminAsync();
        var page = await client.GetAsync(Page);

        var refused = await PageClient.ReadAsync(await PostAsync(client, await FieldsAsync(page, "2027-02-27\n2027-03-06\n2027-03-10\n31-02-2027", ["kec-rao"])));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var error = refused.FieldError("Dates");
        Assert.Contains("27-02-2027 sudah lewat.", error);
        Assert.Contains("10-03-2027 hari libur (Idulfitri 1448 H (perkiraan)).", error);
        Assert.Contains("\"31-02-2027\" bukan tanggal.", error);
        Assert.Equal(0, await SessionCountAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.CountAsync(s => s.Date == Saturday)));
    }

    [Fact]
    public async Task An_overlap_with_a_weekly_session_refuses_the_whole_batch_and_names_point_date_and_hours()
    {
        using var client = await AdminAsync();
        var page = await client.GetAsync(Page);

        // Saturday is free; Friday 12 March has the weekly 07:30–11:30 session at Rao.
        var refused = await PageClient.ReadAsync(await PostAsync(client, await FieldsAsync(page, "2027-03-06, 2027-03-12", ["dpks", "kec-rao"])));

        Assert.Contains("Kantor Camat Rao, 12-03-2027: bertumpang dengan sesi 07.30–11.30.", refused.FieldError("Start"));
        Assert.Equal(0, await SessionCountAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Slots.CountAsync(s => s.Date == Saturday)));
    }

    [Fact]
    public async Task An_overlap_with_an_earlier_extra_session_or_a_closure_is_refused()
    {
        using var client = await AdminAsync();
        var page = await client.GetAsync(Page);
        AssertRedirect(await PostAsync(client, await FieldsAsync(page, "2027-03-06", ["kec-rao"])), Page);
        var rao = await App.PointIdAsync("kec-rao");
        await App.WithDbAsync(async db =>
        {
            db.Closures.Add(new ServicePointClosure { ServicePointId = await App.PointIdAsync("dpks"), From = Sunday, To = Sunday, Reason = "Renovasi" });
            await db.SaveChangesAsync();
        });

        var again = await client.GetAsync(Page);
        var overlap = await PageClient.ReadAsync(await PostAsync(client, await FieldsAsync(again, "2027-03-06", ["kec-rao"], start: "11:00", end: "14:00")));
        var closed = await PageClient.ReadAsync(await PostAsync(client, await FieldsAsync(again, "2027-03-07", ["dpks", "kec-rao"])));

        Assert.Contains("Kantor Camat Rao, 06-03-2027: bertumpang dengan sesi tambahan 08.00–12.00.", overlap.FieldError("Start"));
        Assert.Contains("Kantor Dinas Kependudukan dan Pencatatan Sipil tutup 07-03-2027 (Renovasi).", closed.FieldError("Points"));
        Assert.Equal(1, await SessionCountAsync());
        Assert.Equal(1, await App.WithDbAsync(db => db.ExtraSessions.CountAsync(s => s.ServicePointId == rao)));
    }

    [Fact]
    public async Task Hours_capacity_points_and_mobile_units_are_checked_beside_their_fields()
    {
        using var client = await AdminAsync();
        var page = await client.GetAsync(Page);

        var refused = await PageClient.ReadAsync(await PostAsync(client, await FieldsAsync(page, "", ["mobil-1"], start: "12:00", end: "08:00", capacity: "0")));

        Assert.Equal("Isi paling sedikit satu tanggal.", refused.FieldError("Dates"));
        Assert.Equal("Jam selesai harus setelah jam mulai.", refused.FieldError("End"));
        Assert.Equal("Kapasitas per slot antara 1 dan 500 orang.", refused.FieldError("CapacityPerSlot"));
        Assert.Equal("Mobil Keliling 1: sesi tambahan hanya untuk kantor; mobil keliling memakai jadwal kunjungan.", refused.FieldError("Points"));
        Assert.Equal(0, await SessionCountAsync());
    }

    [Fact]
    public async Task Twenty_concurrent_identical_submits_open_the_sessions_once()
    {
        using var client = await AdminAsync();
        var page = await client.GetAsync(Page);
        var fields = await FieldsAsync(page, "2027-03-06, 2027-03-07", ["dpks", "kec-rao"]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(client, fields)));

        Assert.All(responses, r => AssertRedirect(r, Page));
        Assert.Equal(4, await SessionCountAsync());
        Assert.Equal(32, await App.WithDbAsync(db => db.Slots.CountAsync(s => s.Date == Saturday || s.Date == Sunday)));
    }

    [Fact]
    public async Task Twenty_concurrent_different_forms_for_the_same_sessions_open_them_once_and_refuse_the_rest()
    {
        var clients = new List<PageClient>();
        var forms = new List<List<KeyValuePair<string, string>>>();
        var admin = await App.CreateAsync(Roles.Admin);
        for (var i = 0; i < 20; i++)
        {
            var c = NewClient();
            await c.SignInAsync(admin);
            clients.Add(c);
            forms.Add(await FieldsAsync(await c.GetAsync(Page), "2027-03-06", ["dpks", "kec-rao"]));
        }

        var responses = await Task.WhenAll(clients.Select((c, i) => PostAsync(c, forms[i])));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, await SessionCountAsync());
        foreach (var c in clients) c.Dispose();
    }

    [Fact]
    public async Task Only_an_admin_opens_extra_sessions()
    {
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, "kec-rao"));

        var response = await client.Http.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/denied", response.Headers.Location!.PathAndQuery);
    }
}
