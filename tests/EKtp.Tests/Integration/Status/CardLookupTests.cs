using System.Net;
using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Integration.Staff;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Status;

/// <summary>Issue 14, item 6: /status finds a walk-in's card by its status code, and anyone's card by NIK and KK (decision 1417).</summary>
public class CardLookupTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string Rao = "kec-rao";
    private const string QueuePage = "/staff/queue/kec-rao";
    private const string Kk = "1308050101100007";
    private const string BookedKk = "1308051201100042";
    private const string AtTheCounter = "tetap dapat dilayani di loket";

    /// <summary>An operator issues a walk-in ticket, calls it and records it with the NIK (and KK, if given); the status code.</summary>
    private async Task<string> WalkInRecordedAsync(string nik, string? kk)
    {
        using var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Operator, Rao));
        await client.FollowAsync(await client.SubmitAsync(await client.GetAsync(QueuePage), "#walkin-form"));
        await client.FollowAsync(await client.SubmitAsync(await client.GetAsync(QueuePage), "#call-form"));
        var ticket = await App.WithDbAsync(db => db.QueueTickets.AsNoTracking().OrderByDescending(t => t.IssuedAt).FirstAsync());
        var serve = await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}");
        var values = new Dictionary<string, string> { ["Outcome"] = "Recorded", ["Nik"] = nik };
        if (kk is not null) values["KkNumber"] = kk;
        var done = await client.FollowAsync(await client.SubmitAsync(serve, "#outcome-form", values));
        Assert.Contains("perekaman tercatat", done.Text);
        return ticket.StatusCode!;
    }

    private async Task<PageResult> ByCodeAsync(string code, string nik)
    {
        using var client = NewClient();
        return await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync("/status"), "#lookup-form",
            new Dictionary<string, string> { ["Code"] = code, ["Nik"] = nik }));
    }

    private async Task<PageResult> ByCardAsync(string nik, string kk)
    {
        using var client = NewClient();
        return await PageClient.ReadAsync(await client.SubmitAsync(await client.GetAsync("/status"), "#card-lookup-form",
            new Dictionary<string, string> { ["Card.Nik"] = nik, ["Card.KkNumber"] = kk }));
    }

    private Task MoveCardAsync(byte[] nikHash, CardStatus status) =>
        App.WithDbAsync(db => db.Cards.Where(c => c.NikHash == nikHash).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, status)));

    [Fact]
    public async Task A_walk_in_finds_the_card_by_the_status_code_and_NIK_with_the_visit_it_came_from()
    {
        var nik = StaffTestData.NewNik();
        var code = await WalkInRecordedAsync(nik, Kk);
        await MoveCardAsync(App.Get<PersonalDataProtector>().Hash(nik), CardStatus.SentForEnrollment);

        var page = await ByCodeAsync(code.ToLowerInvariant(), nik);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"Kode status {code}", page.Document.QuerySelector("#status-result h2")!.TextContent);
        Assert.Contains("Anda datang langsung ke Kantor Camat Rao", page.Document.QuerySelector("#visit-text")!.TextContent);
        Assert.Contains("nomor antrean B-001", page.Document.QuerySelector("#visit-text")!.TextContent);
        Assert.Contains("sedang diperiksa di pusat", page.Document.QuerySelector("#card-text")!.TextContent);
        Assert.Contains("no-store", page.Response.Headers.CacheControl!.ToString());
        Assert.DoesNotContain(nik, page.Text);
    }

    [Fact]
    public async Task A_walk_in_code_with_another_NIK_is_not_matched_and_counts_as_a_failed_lookup()
    {
        var code = await WalkInRecordedAsync(StaffTestData.NewNik(), Kk);

        var page = await ByCodeAsync(code, StaffTestData.NewNik());

        Assert.Null(page.Document.QuerySelector("#status-result"));
        Assert.Contains("tidak cocok", page.Document.QuerySelector("#lookup-problem")!.TextContent);
        var row = await App.WithDbAsync(db => db.LookupLockouts.AsNoTracking().SingleAsync(l => l.Key == LookupLockouts.CodeKey(code)));
        Assert.Equal(1, row.Failures);
    }

    [Fact]
    public async Task Five_wrong_NIKs_for_a_walk_in_code_lock_it_like_a_booking_code()
    {
        var nik = StaffTestData.NewNik();
        var code = await WalkInRecordedAsync(nik, Kk);
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await ByCodeAsync(code, StaffTestData.NewNik())).Status);

        var fifth = await ByCodeAsync(code, StaffTestData.NewNik());
        var right = await ByCodeAsync(code, nik);

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.Contains(AtTheCounter, right.Document.QuerySelector("#lookup-problem")!.TextContent);
        Assert.Null(right.Document.QuerySelector("#status-result"));
    }

    [Fact]
    public async Task A_walk_in_whose_KK_was_typed_at_the_counter_finds_the_card_by_NIK_and_KK()
    {
        var nik = StaffTestData.NewNik();
        await WalkInRecordedAsync(nik, "1308.0501-0110 0007");
        await App.WithDbAsync(async db =>
        {
            var point = await db.ServicePoints.SingleAsync(p => p.Code == "dpks");
            return await db.Cards.ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CardStatus.AtCollectionPoint)
                .SetProperty(c => c.CollectionPointId, point.Id));
        });

        var page = await ByCardAsync(nik, Kk);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Kartu siap diambil di Kantor Dinas", page.Document.QuerySelector("#card-text")!.TextContent);
        Assert.Null(page.Document.QuerySelector("#card-lookup-problem"));
        // Neither number is echoed back, and none is stored in clear.
        Assert.DoesNotContain(nik, page.Text);
        Assert.DoesNotContain(Kk, page.Text);
        var card = await App.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync());
        Assert.Equal(App.Get<PersonalDataProtector>().Hash(Kk), card.KkHash);
        var recording = await App.WithDbAsync(db => db.Recordings.AsNoTracking().SingleAsync());
        Assert.Equal(card.KkHash, recording.KkHash);
    }

    [Fact]
    public async Task A_booked_resident_finds_the_card_by_NIK_and_the_KK_they_booked_with()
    {
        var appointment = await App.BookAsync(Rao);
        var nik = App.Get<PersonalDataProtector>().Decrypt(appointment.NikCipher);
        using (var client = NewClient())
        {
            await client.SignInAsync(await App.CreateAsync(Roles.Operator, Rao));
            await client.FollowAsync(await client.SubmitAsync(await client.GetAsync(QueuePage), "#checkin-form",
                new Dictionary<string, string> { ["Code"] = appointment.Code }));
            await client.FollowAsync(await client.SubmitAsync(await client.GetAsync(QueuePage), "#call-form"));
            var ticket = await App.WithDbAsync(db => db.QueueTickets.AsNoTracking().SingleAsync());
            var serve = await client.GetAsync($"{QueuePage}/tickets/{ticket.Id}");
            await client.FollowAsync(await client.SubmitAsync(serve, "#outcome-form", new Dictionary<string, string> { ["Outcome"] = "Recorded" }));
        }

        var found = await ByCardAsync(nik, BookedKk);
        var otherKk = await ByCardAsync(nik, Kk);

        Assert.Contains("sudah direkam", found.Document.QuerySelector("#card-text")!.TextContent);
        Assert.Null(otherKk.Document.QuerySelector("#card-text"));
        Assert.Contains("tidak cocok", otherKk.Document.QuerySelector("#card-lookup-problem")!.TextContent);
    }

    [Fact]
    public async Task A_malformed_KK_is_refused_beside_its_field_and_counts_nothing()
    {
        var page = await ByCardAsync(StaffTestData.NewNik(), "1234");

        Assert.Equal("Nomor KK harus 16 angka, diawali kode wilayah yang sah.", page.Document.QuerySelector("#Card_KkNumber-error")!.TextContent);
        // The code form's fields stay clean: each form's messages are its own.
        Assert.Equal("", page.Document.QuerySelector("#Nik-error")!.TextContent);
        Assert.Equal(0, await App.WithDbAsync(db => db.LookupLockouts.CountAsync()));
    }

    [Fact]
    public async Task Five_wrong_KK_numbers_for_a_NIK_lock_the_NIK_for_an_hour_audited_and_then_the_right_pair_is_refused()
    {
        var nik = StaffTestData.NewNik();
        await WalkInRecordedAsync(nik, Kk);
        for (var i = 0; i < 4; i++)
            Assert.Contains("tidak cocok", (await ByCardAsync(nik, $"13080501011{i + 1:00000}")).Text);

        var fifth = await ByCardAsync(nik, "1308050101199999");
        var right = await ByCardAsync(nik, Kk);

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.InRange(right.Response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3590, 3600);
        Assert.Contains(AtTheCounter, right.Document.QuerySelector("#card-lookup-problem")!.TextContent);
        Assert.Null(right.Document.QuerySelector("#card-text"));
        var hash = App.Get<PersonalDataProtector>().Hash(nik);
        var entries = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("lookup-"))
            .OrderBy(a => a.At).ThenBy(a => a.Action).ToListAsync());
        Assert.Equal([AppointmentLookup.AuditLocked, AppointmentLookup.AuditRefused], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("card-lookup", e.SubjectType));
        Assert.All(entries, e => Assert.Equal(hash, e.SubjectNikHash));
        Assert.All(entries, e => Assert.DoesNotContain(Kk, $"{e.SubjectId} {e.Reason}"));
        // The NIK is locked for every lookup, the code lookups too.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ByCodeAsync(BookingCode.New(), nik)).Status);

        App.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Contains("sudah direkam", (await ByCardAsync(nik, Kk)).Document.QuerySelector("#card-text")!.TextContent);
    }

    [Fact]
    public async Task Five_NIKs_guessed_for_one_KK_lock_that_KK_counted_by_its_keyed_hash_only()
    {
        for (var i = 0; i < 5; i++) await ByCardAsync(StaffTestData.NewNik(), Kk);

        var refused = await ByCardAsync(StaffTestData.NewNik(), Kk);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        var keys = await App.WithDbAsync(db => db.LookupLockouts.AsNoTracking().Select(l => l.Key).ToListAsync());
        Assert.Contains(LookupLockouts.KkKey(App.Get<PersonalDataProtector>().Hash(Kk)), keys);
        Assert.DoesNotContain(keys, k => k.Contains(Kk));
    }

    [Fact]
    public async Task The_admin_lock_list_counts_a_locked_KK_apart_from_NIKs_and_never_shows_either()
    {
        var nik = StaffTestData.NewNik();
        for (var i = 0; i < 5; i++) await ByCardAsync(nik, Kk);
        using var admin = await App.SignedInAdminAsync(NewClient());

        var locks = await admin.GetAsync("/admin/lookup-locks");

        Assert.Contains("dan 1 NIK", locks.Document.QuerySelector("#locked-niks")!.TextContent);
        Assert.Contains("dan 1 nomor KK", locks.Document.QuerySelector("#locked-kks")!.TextContent);
        Assert.DoesNotContain(nik, locks.Html);
        Assert.DoesNotContain(Kk, locks.Html);
    }

    [Fact]
    public async Task The_NIK_and_KK_form_posts_its_numbers_in_the_body_never_in_the_address()
    {
        using var client = NewClient();
        var page = await client.GetAsync("/status");

        var form = page.Document.QuerySelector("#card-lookup-form")!;

        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/status/card", form.GetAttribute("action"));
        // A lookup in the address is not answered.
        var inAddress = await client.GetAsync($"/status/card?Card.Nik={StaffTestData.NewNik()}&Card.KkNumber={Kk}");
        Assert.NotEqual(HttpStatusCode.OK, inAddress.Status);
        Assert.Null(inAddress.Document.QuerySelector("#card-lookup-problem"));
    }
}
