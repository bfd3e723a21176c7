using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EKtp.Tests.Integration.Account;

[Collection(StaffDatabaseCollection.Name)]
public class SignInTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static Dictionary<string, string> Credentials(StaffUser user, string password) =>
        new() { ["Email"] = user.Email!, ["Password"] = password };

    [Fact]
    public async Task Staff_sign_in_with_the_right_password_and_the_sign_in_is_audited()
    {
        var user = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = NewClient();
        var page = await client.GetAsync("/staff/sign-in");
        var response = await client.SubmitAsync(page, "form[action='/staff/sign-in']", Credentials(user, StaffAccounts.Password));

        AssertRedirect(response, "/staff");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ektp.staff="));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync());
        Assert.Equal(AuditActions.SignIn, audit.Action);
        Assert.Equal(user.Id, audit.UserId);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_beside_the_form()
    {
        var user = await App.CreateAsync(Roles.Admin);
        using var client = NewClient();
        var page = await client.GetAsync("/staff/sign-in");
        var response = await client.SubmitAsync(page, "form[action='/staff/sign-in']", Credentials(user, "salah-sekali-ini"));
        var again = await PageClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("Email atau kata sandi salah.", again.Text);
        Assert.Equal("", again.Document.QuerySelector("input[name='Password']")!.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task An_email_longer_than_any_account_can_have_gets_the_same_refusal_and_is_audited_cut_to_its_column()
    {
        // Found by the fuzz test: the audit entry's user name column (256) refused it, and the answer was a 500.
        using var client = NewClient();
        var email = new string('a', 300) + "@ektp.test";

        Assert.Contains(SameWords, await RefusalAsync(await TryAsync(client, email, "salah-kata-sandi-1")));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync());
        Assert.Equal(AuditActions.SignInFailed, audit.Action);
        Assert.Equal(256, audit.UserName!.Length);
    }

    private const string SameWords = "Email atau kata sandi salah. Setelah beberapa kali gagal, tunggu beberapa menit sebelum mencoba lagi.";

    private static async Task<HttpResponseMessage> TryAsync(PageClient client, string email, string password)
    {
        var page = await client.GetAsync("/staff/sign-in");
        return await client.SubmitAsync(page, "form[action='/staff/sign-in']", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
    }

    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        var page = await PageClient.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page.Document.QuerySelector(".validation-summary-errors, [data-valmsg-summary]")?.TextContent.Trim() ?? page.Text;
    }

    [Fact]
    public async Task After_five_failures_each_try_waits_even_with_the_right_password_and_the_wait_grows()
    {
        var user = await App.CreateAsync(Roles.Head);
        using var client = NewClient();
        for (var i = 0; i < 5; i++) await TryAsync(client, user.Email!, $"salah-{i}-kata-sandi");

        Assert.Contains(SameWords, await RefusalAsync(await TryAsync(client, user.Email!, StaffAccounts.Password)));
        var actions = await App.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.LockedOut, actions);

        // The first wait is 30 seconds; one more failure doubles it.
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        await TryAsync(client, user.Email!, "salah-lagi-kata-sandi");
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Contains(SameWords, await RefusalAsync(await TryAsync(client, user.Email!, StaffAccounts.Password)));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        AssertRedirect(await TryAsync(client, user.Email!, StaffAccounts.Password), "/staff");
    }

    [Fact]
    public async Task The_wait_is_kept_in_the_database_so_another_portal_instance_honours_it()
    {
        var user = await App.CreateAsync(Roles.Operator, "kec-rao");
        using (var client = NewClient())
            for (var i = 0; i < 5; i++) await TryAsync(client, user.Email!, $"salah-{i}-kata-sandi");

        await using var other = App.WithWebHostBuilder(_ => { });
        using var elsewhere = new PageClient(other.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        Assert.Contains(SameWords, await RefusalAsync(await TryAsync(elsewhere, user.Email!, StaffAccounts.Password)));
    }

    [Fact]
    public async Task Unknown_disabled_wrong_and_waiting_accounts_get_the_same_words()
    {
        var known = await App.CreateAsync(Roles.Operator, "kec-rao");
        var disabled = await App.CreateAsync(Roles.Operator, "kec-rao");
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == disabled.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsDisabled, true)));
        var waiting = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = NewClient();
        for (var i = 0; i < 5; i++) await TryAsync(client, waiting.Email!, $"salah-{i}-kata-sandi");

        var answers = new[]
        {
            await RefusalAsync(await TryAsync(client, "tidak-ada@ektp.test", "salah-kata-sandi-1")),
            await RefusalAsync(await TryAsync(client, disabled.Email!, StaffAccounts.Password)),
            await RefusalAsync(await TryAsync(client, known.Email!, "salah-kata-sandi-1")),
            await RefusalAsync(await TryAsync(client, waiting.Email!, StaffAccounts.Password)),
        };

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Contains(SameWords, answers[0]);
    }

    private sealed class CountingHasher : IPasswordHasher<StaffUser>
    {
        private readonly PasswordHasher<StaffUser> _inner = new();
        public int Verifications;
        public string HashPassword(StaffUser user, string password) => _inner.HashPassword(user, password);
        public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task An_unknown_email_costs_the_same_password_hashing_as_a_known_one()
    {
        var hasher = new CountingHasher();
        await using var portal = App.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<IPasswordHasher<StaffUser>>();
            s.AddSingleton<IPasswordHasher<StaffUser>>(hasher);
        }));
        var known = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = new PageClient(portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

        await TryAsync(client, known.Email!, "salah-kata-sandi-1");
        var forKnown = Interlocked.Exchange(ref hasher.Verifications, 0);
        await TryAsync(client, "tidak-ada@ektp.test", "salah-kata-sandi-1");
        var forUnknown = hasher.Verifications;

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_address()
    {
        await using var portal = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimiting:Enabled", "true");
            b.UseSetting("RateLimiting:SignInPermitsPerMinute", "3");
        });
        using var client = new PageClient(portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) codes.Add((await TryAsync(client, $"tebak-{i}@ektp.test", "salah-kata-sandi-1")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task The_audit_log_refuses_changes_and_deletions()
    {
        await App.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new AuditEntry { Action = "test", At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => App.WithDbAsync(db => db.AuditEntries.ExecuteDeleteAsync()));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => App.WithDbAsync(db =>
            db.AuditEntries.ExecuteUpdateAsync(u => u.SetProperty(a => a.Action, "changed"))));
    }
}
