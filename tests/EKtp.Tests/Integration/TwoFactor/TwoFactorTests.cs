using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.TwoFactor;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.TwoFactor;

/// <summary>The portal as deployed: Admin and Head must use two-factor sign-in.</summary>
public sealed class TwoFactorAppFactory : EKtpAppFactory
{
    public TwoFactorAppFactory() : base("twofactor") => Settings["StaffSecurity:RequireTwoFactorForAdminAndHead"] = "true";
}

[CollectionDefinition(Name)]
public sealed class TwoFactorCollection : ICollectionFixture<TwoFactorAppFactory>
{
    public const string Name = "two-factor";
}

[Collection(TwoFactorCollection.Name)]
public class TwoFactorTests(TwoFactorAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private PageClient NewClient() => new(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

    private static async Task<HttpResponseMessage> PasswordAsync(PageClient client, StaffUser user)
    {
        var page = await client.GetAsync("/staff/sign-in");
        return await client.SubmitAsync(page, "form[action='/staff/sign-in']",
            new Dictionary<string, string> { ["Email"] = user.Email!, ["Password"] = StaffAccounts.Password });
    }

    /// <summary>Signs in with the password, opens enrolment, and enrols with the code the app would show now.</summary>
    private async Task<string> EnrolAsync(PageClient client, StaffUser user)
    {
        await PasswordAsync(client, user);
        var enrol = await client.GetAsync(TwoFactorController.EnrolPath);
        var key = enrol.Document.QuerySelector(".manual-key")!.GetAttribute("data-key")!.Replace(" ", "");
        var response = await client.SubmitAsync(enrol, "form.two-factor-enrol",
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, app.Clock.GetUtcNow()) });
        Assert.Equal("/staff", response.Headers.Location?.OriginalString);
        return key;
    }

    private async Task<HttpResponseMessage> CodeAsync(PageClient client, string code)
    {
        var page = await client.GetAsync(TwoFactorController.SignInStepPath);
        return await client.SubmitAsync(page, "form.two-factor-sign-in", new Dictionary<string, string> { ["Code"] = code });
    }

    [Fact]
    public async Task An_admin_without_two_factor_is_sent_to_enrolment_from_every_staff_page()
    {
        var admin = await app.CreateAsync(Roles.Admin);
        using var client = NewClient();
        Assert.Equal("/staff", (await PasswordAsync(client, admin)).Headers.Location?.OriginalString);

        foreach (var path in new[] { "/staff", "/admin", "/admin/staff", "/admin/audit" })
            Assert.Equal(TwoFactorController.EnrolPath, (await client.Http.GetAsync(path)).Headers.Location?.OriginalString);

        var enrol = await client.GetAsync(TwoFactorController.EnrolPath);
        Assert.Equal(HttpStatusCode.OK, enrol.Status);
        Assert.NotNull(enrol.Document.QuerySelector(".qr-enrolment svg"));
        Assert.Matches("^[a-z2-7]{4}( [a-z2-7]{1,4})+$", enrol.Document.QuerySelector(".manual-key")!.TextContent);
        Assert.Contains("wajib", enrol.Text);
    }

    [Fact]
    public async Task Enrolment_with_a_wrong_code_is_refused_and_with_the_right_code_opens_the_admin_area()
    {
        var admin = await app.CreateAsync(Roles.Admin);
        using var client = NewClient();
        await PasswordAsync(client, admin);
        var enrol = await client.GetAsync(TwoFactorController.EnrolPath);
        var key = enrol.Document.QuerySelector(".manual-key")!.GetAttribute("data-key")!.Replace(" ", "");

        var wrong = await PageClient.ReadAsync(await client.SubmitAsync(enrol, "form.two-factor-enrol",
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, app.Clock.GetUtcNow().AddMinutes(-5)) }));
        Assert.Contains("Kode salah", wrong.FieldError("Code"));
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        var right = await client.SubmitAsync(wrong, "form.two-factor-enrol",
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, app.Clock.GetUtcNow()) });
        Assert.Equal("/staff", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin")).StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.TwoFactorFailed, actions);
        Assert.Contains(AuditActions.TwoFactorEnabled, actions);
    }

    [Fact]
    public async Task After_enrolment_sign_in_asks_for_the_code_and_accepts_the_current_one_but_not_a_wrong_or_old_one()
    {
        var head = await app.CreateAsync(Roles.Head);
        string key;
        using (var first = NewClient()) key = await EnrolAsync(first, head);

        app.Clock.Advance(TimeSpan.FromHours(1));
        using var client = NewClient();
        var password = await PasswordAsync(client, head);
        Assert.Equal(TwoFactorController.SignInStepPath, password.Headers.Location?.OriginalString);
        // The password alone opens nothing.
        Assert.Contains("/staff/sign-in", (await client.Http.GetAsync("/staff")).Headers.Location?.OriginalString);

        var wrong = await PageClient.ReadAsync(await CodeAsync(client, "000000" == Totp.Code(key, app.Clock.GetUtcNow()) ? "111111" : "000000"));
        Assert.Equal("Kode salah atau sudah kedaluwarsa.", wrong.FieldError("Code"));
        var old = await PageClient.ReadAsync(await CodeAsync(client, Totp.Code(key, app.Clock.GetUtcNow().AddMinutes(-2))));
        Assert.Equal("Kode salah atau sudah kedaluwarsa.", old.FieldError("Code"));

        // One step of drift is tolerated: the code of 30 seconds ago still works.
        var right = await CodeAsync(client, Totp.Code(key, app.Clock.GetUtcNow().AddSeconds(-30)));
        Assert.Equal("/staff", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/staff")).StatusCode);

        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.SubjectId == head.Id.ToString()).ToListAsync());
        Assert.Equal(2, entries.Count(e => e.Action == AuditActions.TwoFactorFailed));
        var signIn = entries.Single(e => e.Action == AuditActions.TwoFactorSignIn);
        Assert.Equal(Roles.Head, signIn.Role);
    }

    [Fact]
    public async Task A_code_that_was_already_used_cannot_sign_in_again()
    {
        var admin = await app.CreateAsync(Roles.Admin);
        string key;
        using (var first = NewClient()) key = await EnrolAsync(first, admin);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var code = Totp.Code(key, app.Clock.GetUtcNow());

        using (var client = NewClient())
        {
            await PasswordAsync(client, admin);
            Assert.Equal("/staff", (await CodeAsync(client, code)).Headers.Location?.OriginalString);
        }
        using var replay = NewClient();
        await PasswordAsync(replay, admin);
        var refused = await PageClient.ReadAsync(await CodeAsync(replay, code));
        Assert.Equal(UsedCode, refused.FieldError("Code"));
    }

    private const string UsedCode = "Kode sudah dipakai. Tunggu kode berikutnya di aplikasi autentikator, lalu masukkan kode itu.";

    [Fact]
    public async Task Two_concurrent_submits_of_one_code_sign_in_once_and_the_other_is_told_the_code_was_used()
    {
        for (var round = 0; round < 3; round++)
        {
            var admin = await app.CreateAsync(Roles.Admin);
            string key;
            using (var first = NewClient()) key = await EnrolAsync(first, admin);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var code = Totp.Code(key, app.Clock.GetUtcNow());
            using var a = NewClient();
            using var b = NewClient();
            await PasswordAsync(a, admin);
            await PasswordAsync(b, admin);
            var pageA = await a.GetAsync(TwoFactorController.SignInStepPath);
            var pageB = await b.GetAsync(TwoFactorController.SignInStepPath);
            var fields = new Dictionary<string, string> { ["Code"] = code };

            var answers = await Task.WhenAll(a.SubmitAsync(pageA, "form.two-factor-sign-in", fields), b.SubmitAsync(pageB, "form.two-factor-sign-in", fields));

            Assert.Single(answers, r => r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == "/staff");
            var loser = await PageClient.ReadAsync(answers.Single(r => r.StatusCode != HttpStatusCode.Redirect));
            Assert.Equal(HttpStatusCode.OK, loser.Status);
            Assert.Equal(UsedCode, loser.FieldError("Code"));
        }
    }

    [Fact]
    public async Task Repeated_wrong_codes_lock_the_account()
    {
        var admin = await app.CreateAsync(Roles.Admin);
        string key;
        using (var first = NewClient()) key = await EnrolAsync(first, admin);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        using var client = NewClient();
        await PasswordAsync(client, admin);
        PageResult last = null!;
        for (var i = 0; i < 5; i++)
            last = await PageClient.ReadAsync(await CodeAsync(client, Totp.Code(key, app.Clock.GetUtcNow().AddHours(-1 - i))));

        Assert.Contains("dikunci", last.FieldError("Code"));
        Assert.NotNull(await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).Select(u => u.LockoutEnd).SingleAsync()));
        Assert.Contains(AuditActions.LockedOut, await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task Operators_are_offered_two_factor_but_not_forced()
    {
        var op = await app.CreateAsync(Roles.Operator, "kec-rao");
        using var client = NewClient();
        await PasswordAsync(client, op);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/staff")).StatusCode);

        var enrol = await client.GetAsync(TwoFactorController.EnrolPath);
        Assert.DoesNotContain("wajib", enrol.Text);
        var key = enrol.Document.QuerySelector(".manual-key")!.GetAttribute("data-key")!.Replace(" ", "");
        await client.SubmitAsync(enrol, "form.two-factor-enrol", new Dictionary<string, string> { ["Code"] = Totp.Code(key, app.Clock.GetUtcNow()) });
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == op.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task An_admin_can_reset_a_lost_authenticator_and_the_account_enrols_again()
    {
        var head = await app.CreateAsync(Roles.Head);
        using (var first = NewClient()) await EnrolAsync(first, head);
        var admin = await app.CreateAsync(Roles.Admin);
        using var adminClient = NewClient();
        await EnrolAsync(adminClient, admin);

        var form = await adminClient.GetAsync($"/admin/staff/{head.Id}");
        await adminClient.SubmitAsync(form, "form.staff-two-factor-reset");

        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == head.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        using var client = NewClient();
        Assert.Equal("/staff", (await PasswordAsync(client, head)).Headers.Location?.OriginalString);
        Assert.Equal(TwoFactorController.EnrolPath, (await client.Http.GetAsync("/staff")).Headers.Location?.OriginalString);
        Assert.Contains(AuditActions.TwoFactorReset, await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
    }
}
