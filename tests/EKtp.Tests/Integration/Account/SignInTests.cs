using System.Net;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Account;

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
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        var user = await App.CreateAsync(Roles.Head);
        using var client = NewClient();
        for (var i = 0; i < 5; i++)
        {
            var page = await client.GetAsync("/staff/sign-in");
            await client.SubmitAsync(page, "form[action='/staff/sign-in']", Credentials(user, $"salah-{i}-kata-sandi"));
        }
        var last = await client.GetAsync("/staff/sign-in");
        var response = await client.SubmitAsync(last, "form[action='/staff/sign-in']", Credentials(user, StaffAccounts.Password));
        var result = await PageClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("dikunci", result.Text);
        var actions = await App.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.LockedOut, actions);
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
