using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.StaffAccounts;

/// <summary>
/// OWASP ASVS level 2 (V2.1): at least 12 characters (Identity's RequiredLength), no composition rules, no forced
/// rotation, and no password from the list of common passwords shipped in Data/Seed/common-passwords.txt, nor one
/// that is the account's own e-mail address.
/// </summary>
public sealed class CommonPasswordValidator(IStringLocalizer<AdminText> l) : IPasswordValidator<StaffUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        var path = ReferenceDataSeeder.SeedFile("common-passwords.txt");
        return File.ReadLines(path).Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    });

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim().ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        if (IsCommon(password))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = l["Kata sandi ini terlalu umum dan mudah ditebak. Pilih kalimat sandi lain."],
            }));
        var email = user.Email ?? user.UserName ?? "";
        if (email.Length > 0 && (password.Equals(email, StringComparison.OrdinalIgnoreCase)
                                 || password.Equals(email.Split('@')[0], StringComparison.OrdinalIgnoreCase)))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordSameAsAccount",
                Description = l["Kata sandi tidak boleh sama dengan alamat email."],
            }));
        return Task.FromResult(IdentityResult.Success);
    }
}

/// <summary>Identity's messages in the portal's language (the defaults are English only).</summary>
public sealed class StaffIdentityErrors(IStringLocalizer<AdminText> l) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = string.Format(l["Kata sandi paling sedikit {0} karakter."], length) };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = l["Email ini sudah dipakai akun lain."] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = l["Email ini sudah dipakai akun lain."] };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = l["Alamat email tidak valid."] };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = l["Alamat email tidak valid."] };
}
