using System.Net;
using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.StaffAdmin;

[Collection(StaffDatabaseCollection.Name)]
public class StaffAccountTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string GoodPassphrase = "Sawah hijau di Rao pagi hari";

    private async Task<Guid> PointIdAsync(string code) =>
        await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == code).Select(p => p.Id).SingleAsync());

    private async Task<HttpResponseMessage> CreateAsync(PageClient client, Dictionary<string, string> values)
    {
        var form = await client.GetAsync("/admin/staff/new");
        return await client.SubmitAsync(form, "form.new-staff", values);
    }

    [Fact]
    public async Task An_admin_creates_an_operator_at_a_point_who_then_signs_in_there()
    {
        using var admin = await App.SignedInAdminAsync(NewClient());
        var rao = await PointIdAsync("kec-rao");
        var response = await CreateAsync(admin, new()
        {
            ["Email"] = "rina@ektp.test", ["DisplayName"] = "Rina Operator", ["Role"] = Roles.Operator,
            ["ServicePointId"] = rao.ToString(), ["Password"] = GoodPassphrase,
        });

        AssertRedirect(response, "/admin/staff");
        var created = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "rina@ektp.test"));
        Assert.Equal(rao, created.ServicePointId);
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.StaffCreated));
        Assert.Equal(created.Id.ToString(), audit.SubjectId);

        using var operatorClient = NewClient();
        await operatorClient.SignInAsync(created, GoodPassphrase);
        var home = await operatorClient.GetAsync("/staff");
        Assert.Contains("Kantor Camat Rao", home.Text);
    }

    [Fact]
    public async Task An_operator_needs_a_service_point_and_a_role_must_be_one_of_the_three()
    {
        using var admin = await App.SignedInAdminAsync(NewClient());
        var page = await PageClient.ReadAsync(await CreateAsync(admin, new()
        {
            ["Email"] = "bukan-email", ["DisplayName"] = "", ["Role"] = Roles.Operator, ["ServicePointId"] = "", ["Password"] = GoodPassphrase,
        }));
        Assert.Equal("Operator harus ditempatkan di satu tempat layanan.", page.FieldError("ServicePointId"));
        Assert.Equal("Alamat email tidak valid.", page.FieldError("Email"));
        Assert.Equal("Isi nama petugas.", page.FieldError("DisplayName"));

        page = await PageClient.ReadAsync(await CreateAsync(admin, new()
        {
            ["Email"] = "x@ektp.test", ["DisplayName"] = "X", ["Role"] = "Superuser", ["Password"] = GoodPassphrase,
        }));
        Assert.Equal("Pilih peran.", page.FieldError("Role"));
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [InlineData("pendek-saja", "Kata sandi paling sedikit 12 karakter.")]
    [InlineData("password1234", "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kalimat sandi lain.")]
    [InlineData("Indonesia2024", "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kalimat sandi lain.")]
    [InlineData("123456789012", "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kalimat sandi lain.")]
    [InlineData("petugas.baru@ektp.test", "Kata sandi tidak boleh sama dengan alamat email.")]
    public async Task The_password_policy_refuses_short_common_and_own_email_passwords(string password, string message)
    {
        using var admin = await App.SignedInAdminAsync(NewClient());
        var page = await PageClient.ReadAsync(await CreateAsync(admin, new()
        {
            ["Email"] = "petugas.baru@ektp.test", ["DisplayName"] = "Petugas Baru", ["Role"] = Roles.Head, ["Password"] = password,
        }));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.FieldError("Password"));
        Assert.Equal("", page.Document.QuerySelector("input[name='Password']")!.GetAttribute("value") ?? "");
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "petugas.baru@ektp.test")));
    }

    [Theory]
    [InlineData("semuahurufkecilsaja")]
    [InlineData("Sawah hijau di Rao pagi hari")]
    [InlineData("kata sandi yang sangat panjang sekali, lebih dari enam puluh empat karakter, tetap diterima")]
    public async Task The_password_policy_has_no_composition_rules_and_accepts_long_passphrases(string password)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var result = await users.CreateAsync(new StaffUser { UserName = "frasa@ektp.test", Email = "frasa@ektp.test", DisplayName = "Frasa" }, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [Fact]
    public async Task The_shipped_list_of_common_passwords_has_thousands_of_entries()
    {
        var lines = File.ReadAllLines(ReferenceDataSeeder.SeedFile("common-passwords.txt")).Where(l => !l.StartsWith('#')).ToList();
        Assert.True(lines.Count > 3000, $"{lines.Count} entries");
        Assert.Contains("qwertyuiop123", lines);
    }

    [Fact]
    public async Task Changing_a_role_and_point_is_audited_and_the_account_gets_the_new_rights()
    {
        var op = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var operatorClient = NewClient();
        await operatorClient.SignInAsync(op);

        using var admin = await App.SignedInAdminAsync(NewClient());
        var form = await admin.GetAsync($"/admin/staff/{op.Id}");
        var response = await admin.SubmitAsync(form, "form.staff-role", new Dictionary<string, string> { ["Role"] = Roles.Head, ["ServicePointId"] = "" });

        AssertRedirect(response, $"/admin/staff/{op.Id}");
        var entry = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.RoleChanged));
        Assert.Equal(op.Id.ToString(), entry.SubjectId);
        Assert.StartsWith("Operator -> Head", entry.Reason);
        Assert.Null(await App.WithDbAsync(db => db.Users.Where(u => u.Id == op.Id).Select(u => u.ServicePointId).SingleAsync()));

        // The changed security stamp signs the open session out at its next check; signing in again gives the new role.
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        var stale = await operatorClient.Http.GetAsync("/staff");
        Assert.Contains("/staff/sign-in", stale.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_admin_cannot_change_their_own_role()
    {
        var admin = await App.CreateAsync(Roles.Admin);
        using var client = NewClient();
        await client.SignInAsync(admin);
        var form = await client.GetAsync($"/admin/staff/{admin.Id}");
        var page = await PageClient.ReadAsync(await client.SubmitAsync(form, "form.staff-role", new Dictionary<string, string> { ["Role"] = Roles.Operator, ["ServicePointId"] = (await PointIdAsync("dpks")).ToString() }));
        Assert.Equal("Anda tidak dapat mengubah peran akun Anda sendiri.", page.FieldError("Role"));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_session_and_refuses_its_next_sign_in()
    {
        var op = await App.CreateAsync(Roles.Operator, "dpks");
        using var operatorClient = NewClient();
        await operatorClient.SignInAsync(op);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.Http.GetAsync("/staff")).StatusCode);

        using var admin = await App.SignedInAdminAsync(NewClient());
        var form = await admin.GetAsync($"/admin/staff/{op.Id}");
        AssertRedirect(await admin.SubmitAsync(form, "form.staff-disable"), $"/admin/staff/{op.Id}");

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        var response = await operatorClient.Http.GetAsync("/staff");
        Assert.Contains("/staff/sign-in", response.Headers.Location?.OriginalString);
        var signIn = await operatorClient.GetAsync("/staff/sign-in");
        var again = await PageClient.ReadAsync(await operatorClient.SubmitAsync(signIn, "form[action='/staff/sign-in']",
            new Dictionary<string, string> { ["Email"] = op.Email!, ["Password"] = StaffAccounts.Password }));
        Assert.Contains("Email atau kata sandi salah.", again.Text);
        Assert.Contains(AuditActions.StaffDisabled, await App.AuditActionsAsync());
    }

    [Fact]
    public async Task Resetting_a_password_replaces_it_and_unlocks_the_account()
    {
        var head = await App.CreateAsync(Roles.Head);
        await App.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Id == head.Id);
            u.LockoutEnd = App.Clock.GetUtcNow().AddMinutes(10);
            await db.SaveChangesAsync();
        });
        using var admin = await App.SignedInAdminAsync(NewClient());
        var form = await admin.GetAsync($"/admin/staff/{head.Id}");
        var refused = await PageClient.ReadAsync(await admin.SubmitAsync(form, "form.staff-password", new Dictionary<string, string> { ["NewPassword"] = "qwerty123456" }));
        Assert.Contains("terlalu umum", refused.FieldError("NewPassword"));

        var response = await admin.SubmitAsync(form, "form.staff-password", new Dictionary<string, string> { ["NewPassword"] = GoodPassphrase });
        AssertRedirect(response, $"/admin/staff/{head.Id}");
        using var headClient = NewClient();
        await headClient.SignInAsync(head, GoodPassphrase);
        Assert.Contains(AuditActions.PasswordReset, await App.AuditActionsAsync());
    }
}
