using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using Microsoft.EntityFrameworkCore;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Appointments;

/// <summary>Failed lookups counted per booking code and per NIK in the database (issue 13, item 1; decision 1309).</summary>
public class LookupLockoutTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string AtTheCounter = "tetap dapat dilayani di loket";

    private async Task<string> BookAsync(string nik)
    {
        using var api = App.CreateClient();
        return await BookByApiAsync(api, (await SlotAsync(App)).Id, nik);
    }

    private static Task<HttpResponseMessage> ApiLookupAsync(HttpClient api, string code, string nik) =>
        api.PostAsJsonAsync("/api/v1/bookings/lookup", new { code, nik });

    private async Task<PageResult> ManageLookupAsync(string code, string nik)
    {
        var client = NewClient();
        var find = await client.GetAsync("/booking/manage");
        return await PageClient.ReadAsync(await client.SubmitAsync(find, "#lookup-form", new Dictionary<string, string> { ["Code"] = code, ["Nik"] = nik }));
    }

    private async Task FailAsync(string code, int times)
    {
        using var api = App.CreateClient();
        for (var i = 0; i < times; i++) await ApiLookupAsync(api, code, Nik(100 + i));
    }

    [Fact]
    public async Task Five_failed_lookups_of_a_code_lock_it_and_then_even_the_right_NIK_is_refused_until_the_hour_is_over()
    {
        var code = await BookAsync(Nik(1));
        for (var i = 0; i < 4; i++)
            Assert.Contains("tidak cocok", (await ManageLookupAsync(code, Nik(100 + i))).Text);

        var fifth = await ManageLookupAsync(code, Nik(200));
        var right = await ManageLookupAsync(code, Nik(1));

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.Status);
        Assert.Contains(AtTheCounter, fifth.Text);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.Contains(AtTheCounter, right.Text);
        Assert.Contains("dikunci sampai", right.Text);
        Assert.NotNull(right.Response.Headers.RetryAfter);
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        using var client = NewClient();
        var after = await client.SubmitAsync(await client.GetAsync("/booking/manage"), "#lookup-form",
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = Nik(1) });
        AssertRedirect(after, "/booking/manage/appointment");
    }

    [Fact]
    public async Task A_lock_and_each_refused_try_are_audit_logged_by_code_and_NIK_hash_without_the_NIK()
    {
        var code = await BookAsync(Nik(1));
        await FailAsync(code, 5);
        using var api = App.CreateClient();
        await ApiLookupAsync(api, code, Nik(1));

        var entries = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("lookup-"))
            .OrderBy(a => a.At).ThenBy(a => a.Action).ToListAsync());
        Assert.Equal([AppointmentLookup.AuditLocked, AppointmentLookup.AuditRefused], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(code, e.SubjectId));
        Assert.All(entries, e => Assert.DoesNotContain(Nik(1), $"{e.SubjectId} {e.Reason} {e.UserName}"));
        var hash = await App.WithDbAsync(db => db.Appointments.Select(a => a.NikHash).SingleAsync());
        Assert.Equal(hash, entries[1].SubjectNikHash);
    }

    [Fact]
    public async Task Five_failed_lookups_of_a_NIK_under_other_codes_lock_that_NIK_in_the_API_with_429_and_Retry_After()
    {
        var code = await BookAsync(Nik(1));
        using var api = App.CreateClient();
        for (var i = 0; i < 5; i++) await ApiLookupAsync(api, BookingCode.Prefix + $"AAAA{i + 2}AA", Nik(1));

        var refused = await ApiLookupAsync(api, code, Nik(1));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3590, 3600);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/problems/lookup-locked", problem.GetProperty("type").GetString());
        Assert.Contains(AtTheCounter, problem.GetProperty("title").GetString());
        // The code itself is not locked: another NIK with it is looked up (and not matched).
        Assert.Equal(HttpStatusCode.NotFound, (await ApiLookupAsync(api, code, Nik(2))).StatusCode);
    }

    [Fact]
    public async Task Twenty_concurrent_wrong_guesses_are_all_counted_and_only_five_are_tried()
    {
        var code = await BookAsync(Nik(1));
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var api = App.CreateClient();
            return (await ApiLookupAsync(api, code, Nik(100 + i))).StatusCode;
        }));

        Assert.Equal(4, answers.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(16, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        var row = await App.WithDbAsync(db => db.LookupLockouts.AsNoTracking().SingleAsync(l => l.Key == LookupLockouts.CodeKey(code)));
        Assert.Equal(5, row.Failures);
        Assert.Equal(App.Clock.GetUtcNow().AddHours(1), row.LockedUntil);
    }

    [Fact]
    public async Task A_right_lookup_clears_the_count_so_a_resident_who_mistyped_is_not_locked_later()
    {
        var code = await BookAsync(Nik(1));
        await FailAsync(code, 4);
        using var api = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ApiLookupAsync(api, code, Nik(1))).StatusCode);

        await FailAsync(code, 4);

        Assert.Equal(HttpStatusCode.OK, (await ApiLookupAsync(api, code, Nik(1))).StatusCode);
    }

    [Fact]
    public async Task Failures_older_than_the_window_are_not_counted()
    {
        var code = await BookAsync(Nik(1));
        await FailAsync(code, 4);
        App.Clock.Advance(TimeSpan.FromHours(24));
        await FailAsync(code, 4);
        using var api = App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await ApiLookupAsync(api, code, Nik(1))).StatusCode);
    }

    [Fact]
    public async Task An_appointment_found_before_the_lock_can_be_neither_cancelled_nor_moved_while_it_holds()
    {
        var code = await BookAsync(Nik(1));
        var client = NewClient();
        var found = await client.SubmitAsync(await client.GetAsync("/booking/manage"), "#lookup-form",
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = Nik(1) });
        var manage = await client.FollowAsync(found);
        await FailAsync(code, 5);

        var asked = await client.GetAsync(manage.Document.QuerySelector("a#cancel-start")!.GetAttribute("href")!);
        var cancel = await PageClient.ReadAsync(await client.SubmitAsync(asked, "#cancel-form", new Dictionary<string, string> { ["reason"] = "x" }));
        var target = manage.Document.QuerySelectorAll("#reschedule-form input[name='slotId']").First().GetAttribute("value")!;
        var move = await PageClient.ReadAsync(await client.SubmitAsync(manage, "#reschedule-form", new Dictionary<string, string> { ["slotId"] = target }));
        using var api = App.CreateClient();
        var apiCancel = await api.PostAsJsonAsync($"/api/v1/bookings/{code}/cancel", new { nik = Nik(1) });

        Assert.Equal(HttpStatusCode.TooManyRequests, cancel.Status);
        Assert.Contains(AtTheCounter, cancel.Document.QuerySelector("#manage-problem")!.TextContent);
        Assert.Equal(HttpStatusCode.TooManyRequests, move.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, apiCancel.StatusCode);
        var a = await App.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync());
        Assert.Equal(AppointmentStatus.Booked, a.Status);
        Assert.Equal(0, a.RescheduleCount);
    }

    [Theory]
    [InlineData("/status", "#lookup-form")]
    [InlineData("/status/my-data", ".my-data-form")]
    [InlineData("/service-status/my-appointment", "#my-appointment")]
    public async Task Every_lookup_page_refuses_a_locked_code_with_the_counter_message(string path, string form)
    {
        var code = await BookAsync(Nik(1));
        await FailAsync(code, 5);
        var client = NewClient();

        var page = await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync(path), form,
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = Nik(1) }));

        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Contains(AtTheCounter, page.Text);
        // The message names neither the NIK nor whether it is known (a form may keep what was typed in its field).
        Assert.DoesNotContain(Nik(1), page.Text);
    }

    [Fact]
    public async Task An_admin_lifts_a_lock_by_code_or_by_NIK_at_once_and_each_lift_is_audited()
    {
        var code = await BookAsync(Nik(1));
        await FailAsync(code, 5);
        using var api = App.CreateClient();
        for (var i = 0; i < 5; i++) await ApiLookupAsync(api, BookingCode.Prefix + $"AAAA{i + 2}AA", Nik(1));
        using var admin = await App.SignedInAdminAsync(NewClient());
        var locks = await admin.GetAsync("/admin/lookup-locks");
        Assert.Contains(code, locks.Document.QuerySelector("#locked-codes")!.TextContent);
        Assert.NotNull(locks.Document.QuerySelector("#locked-niks"));
        Assert.DoesNotContain(Nik(1), locks.Html);

        AssertRedirect(await admin.SubmitAsync(locks, "#lift-lock-form", new Dictionary<string, string> { ["value"] = code.ToLowerInvariant() }), "/admin/lookup-locks");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ApiLookupAsync(api, code, Nik(1))).StatusCode);
        var lifted = await admin.FollowAsync(await admin.SubmitAsync(locks, "#lift-lock-form", new Dictionary<string, string> { ["value"] = EKtp.Web.Domain.Nik.Grouped(Nik(1)) }));

        Assert.Contains("1308 **** **** 0001", lifted.Text);
        Assert.DoesNotContain(Nik(1), lifted.Html);
        Assert.NotNull(lifted.Document.QuerySelector("#no-locks"));
        Assert.Equal(HttpStatusCode.OK, (await ApiLookupAsync(api, code, Nik(1))).StatusCode);
        Assert.Equal(2, (await App.AuditActionsAsync()).Count(a => a == EKtp.Web.Features.Admin.AdminController.AuditLookupLockLifted));
    }

    [Fact]
    public async Task Lifting_something_that_is_neither_a_code_nor_a_NIK_says_what_to_type()
    {
        using var admin = await App.SignedInAdminAsync(NewClient());
        var page = await PageClient.ReadAsync(await admin.SubmitAsync(await admin.GetAsync("/admin/lookup-locks"), "#lift-lock-form",
            new Dictionary<string, string> { ["value"] = "12345" }));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("16 angka", page.Document.QuerySelector("#value-error")!.TextContent);
    }
}
