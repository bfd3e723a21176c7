using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Admin;

[Collection(StaffDatabaseCollection.Name)]
public class HolidayAdminTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    [Fact]
    public async Task The_year_list_shows_the_seeded_holidays_of_that_year_only()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays?year=2026");
        Assert.Contains("Tahun Baru 2026 Masehi", page.Text);
        Assert.DoesNotContain("2027-", page.Text.Replace("2027 →", ""));
    }

    [Fact]
    public async Task Adding_a_holiday_closes_the_slots_of_that_day()
    {
        var thursday = Monday.AddDays(3);
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays?year=2027");
        var response = await client.SubmitAsync(page, "form.holiday-form",
            new Dictionary<string, string> { ["Date"] = "2027-03-04", ["Name"] = "Libur daerah uji", ["IsCutiBersama"] = "true" });

        AssertRedirect(response, "/admin/holidays?year=2027");
        var holiday = await App.WithDbAsync(db => db.Holidays.SingleAsync(h => h.Date == thursday));
        Assert.True(holiday.IsCutiBersama);
        Assert.Empty(await App.OpenSlotsAsync("dpks", thursday));
        Assert.Contains(AuditActions.HolidayChanged, await App.AuditActionsAsync());
    }

    [Fact]
    public async Task A_holiday_without_a_date_or_name_or_on_a_date_already_listed_is_refused()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays?year=2027");
        var again = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.holiday-form",
            new Dictionary<string, string> { ["Date"] = "", ["Name"] = "" }));
        Assert.Equal("Isi tanggal libur.", again.FieldError("Date"));
        Assert.Equal("Isi nama hari libur.", again.FieldError("Name"));

        var seeded = await App.WithDbAsync(db => db.Holidays.OrderBy(h => h.Date).FirstAsync());
        again = await PageClient.ReadAsync(await client.SubmitAsync(again, "form.holiday-form",
            new Dictionary<string, string> { ["Date"] = seeded.Date.ToString("yyyy-MM-dd"), ["Name"] = "Dua kali" }));
        Assert.Equal("Tanggal ini sudah ada di daftar libur.", again.FieldError("Date"));
    }

    [Fact]
    public async Task A_holiday_on_a_day_with_bookings_asks_first_then_marks_the_appointment_and_closes_the_day()
    {
        var mine = await App.BookAsync("dpks", Monday.AddDays(3));
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays?year=2027");
        var confirm = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.holiday-form",
            new Dictionary<string, string> { ["Date"] = "2027-03-04", ["Name"] = "Libur daerah uji" }));

        Assert.Equal("1 janji temu terdampak", confirm.Document.QuerySelector(".affected-count")?.TextContent.Trim());
        Assert.False(await App.WithDbAsync(db => db.Holidays.AnyAsync(h => h.Date == Monday.AddDays(3))));

        AssertRedirect(await client.SubmitAsync(confirm, "form.impact-confirm-form"), "/admin/holidays?year=2027");
        Assert.True(await App.WithDbAsync(db => db.Holidays.AnyAsync(h => h.Date == Monday.AddDays(3))));
        Assert.Empty(await App.OpenSlotsAsync("dpks", Monday.AddDays(3)));
        var disruption = await App.WithDbAsync(db => db.Disruptions.SingleAsync());
        Assert.Equal(DisruptionKind.ScheduleChange, disruption.Kind);
        Assert.Equal(disruption.Id, await App.WithDbAsync(db => db.Appointments.Where(a => a.Id == mine.Id).Select(a => a.AffectedByDisruptionId).SingleAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Editing_a_holiday_moves_it_and_deleting_it_gives_the_slots_back()
    {
        var holiday = new Holiday { Date = Monday.AddDays(2), Name = "Libur uji" };
        await App.WithDbAsync(async db => { db.Holidays.Add(holiday); await db.SaveChangesAsync(); });
        using var client = await App.SignedInAdminAsync(NewClient());

        var form = await client.GetAsync($"/admin/holidays/{holiday.Id}");
        var response = await client.SubmitAsync(form, "form.holiday-form", new Dictionary<string, string> { ["Date"] = "2027-03-05", ["Name"] = "Libur uji (pindah)" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await App.OpenSlotsAsync("dpks", Monday.AddDays(4)));
        Assert.NotEmpty(await App.OpenSlotsAsync("dpks", Monday.AddDays(2)));

        var list = await client.GetAsync("/admin/holidays?year=2027");
        response = await client.SubmitAsync(list, $"form[action='/admin/holidays/{holiday.Id}/delete']");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Holidays.AnyAsync(h => h.Id == holiday.Id)));
        Assert.NotEmpty(await App.OpenSlotsAsync("dpks", Monday.AddDays(4)));
    }

    [Fact]
    public async Task A_CSV_with_bad_rows_is_previewed_with_an_error_per_row_and_nothing_is_imported()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays/import");
        const string csv = "date,name,cuti_bersama\n2027-08-19,Hari uji,false\n17-08-2027,Salah format,false\n2027-08-18,,false\n2027-08-19,Dua kali,false\n2027-12-24,Cuti bersama Natal,mungkin\n";
        var preview = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.holiday-import", new Dictionary<string, string> { ["Csv"] = csv }));

        var results = preview.Document.QuerySelectorAll("table.holiday-preview tbody tr")
            .ToDictionary(r => r.GetAttribute("data-line")!, r => r.QuerySelector(".row-result")!.TextContent.Trim());
        Assert.Equal("baru", results["2"]);
        Assert.Equal("Tanggal harus berbentuk TTTT-BB-HH.", results["3"]);
        Assert.Equal("Isi nama hari libur.", results["4"]);
        Assert.Equal("Tanggal ini muncul dua kali dalam berkas.", results["5"]);
        Assert.Equal("Kolom cuti_bersama harus true atau false.", results["6"]);
        Assert.Null(preview.Document.QuerySelector("form.holiday-import-confirm"));

        // Posting the confirmation anyway imports nothing.
        await client.PostAsync("/admin/holidays/import/confirm", preview, new Dictionary<string, string> { ["Csv"] = csv });
        Assert.False(await App.WithDbAsync(db => db.Holidays.AnyAsync(h => h.Date == new DateOnly(2027, 8, 19))));
    }

    [Fact]
    public async Task A_valid_CSV_is_previewed_then_imported_replacing_dates_already_listed()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays/import");
        const string csv = "date,name,cuti_bersama\r\n2027-03-03,Libur daerah uji,false\r\n2026-01-01,Tahun Baru (diganti),true\r\n";
        var preview = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.holiday-import", new Dictionary<string, string> { ["Csv"] = csv }));
        Assert.Contains("mengganti", preview.Text);
        Assert.False(await App.WithDbAsync(db => db.Holidays.AnyAsync(h => h.Date == Monday.AddDays(2))));

        var response = await client.SubmitAsync(preview, "form.holiday-import-confirm");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Libur daerah uji", await App.WithDbAsync(db => db.Holidays.Where(h => h.Date == Monday.AddDays(2)).Select(h => h.Name).SingleAsync()));
        var replaced = await App.WithDbAsync(db => db.Holidays.SingleAsync(h => h.Date == new DateOnly(2026, 1, 1)));
        Assert.Equal("Tahun Baru (diganti)", replaced.Name);
        Assert.True(replaced.IsCutiBersama);
        Assert.Empty(await App.OpenSlotsAsync("dpks", Monday.AddDays(2)));
        Assert.Contains(AuditActions.HolidaysImported, await App.AuditActionsAsync());
    }

    [Fact]
    public async Task A_quoted_holiday_name_with_a_comma_and_quotes_is_imported_whole()
    {
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays/import");
        const string csv = "date,name,cuti_bersama\n2027-03-03,\"Libur \"\"uji\"\", daerah\",false\n";
        var preview = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.holiday-import", new Dictionary<string, string> { ["Csv"] = csv }));

        await client.SubmitAsync(preview, "form.holiday-import-confirm");

        Assert.Equal("Libur \"uji\", daerah", await App.WithDbAsync(db => db.Holidays.Where(h => h.Date == Monday.AddDays(2)).Select(h => h.Name).SingleAsync()));
    }

    [Fact]
    public async Task An_imported_holiday_over_bookings_at_two_points_asks_first_and_then_records_one_change_per_point()
    {
        await App.BookAsync("dpks", Monday.AddDays(2));
        await App.BookAsync("kec-rao", Monday.AddDays(2), nik: "1308050101900002");
        using var client = await App.SignedInAdminAsync(NewClient());
        var page = await client.GetAsync("/admin/holidays/import");
        const string csv = "date,name,cuti_bersama\r\n2027-03-03,Libur daerah uji,false\r\n";
        var preview = await PageClient.ReadAsync(await client.SubmitAsync(page, "form.holiday-import", new Dictionary<string, string> { ["Csv"] = csv }));

        var confirm = await PageClient.ReadAsync(await client.SubmitAsync(preview, "form.holiday-import-confirm"));
        Assert.Equal("2 janji temu terdampak", confirm.Document.QuerySelector(".affected-count")?.TextContent.Trim());
        Assert.False(await App.WithDbAsync(db => db.Holidays.AnyAsync(h => h.Date == Monday.AddDays(2))));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.SubmitAsync(confirm, "form.impact-confirm-form")).StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Holidays.AnyAsync(h => h.Date == Monday.AddDays(2))));
        var records = await App.WithDbAsync(db => db.Disruptions.Select(d => new { d.Kind, d.ServicePointId, d.PublicNote }).ToListAsync());
        Assert.Equal(2, records.Select(r => r.ServicePointId).Distinct().Count());
        Assert.All(records, r => Assert.Equal(DisruptionKind.ScheduleChange, r.Kind));
        Assert.All(records, r => Assert.Contains("Libur daerah uji", r.PublicNote));
        Assert.Equal(2, await App.WithDbAsync(db => db.Appointments.CountAsync(a => a.AffectedByDisruptionId != null)));
        Assert.Equal(2, await App.WithDbAsync(db => db.Outbox.CountAsync()));
    }
}
