using System.Security.Claims;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Admin;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace EKtp.Web.Features.TwoFactor;

public sealed class TwoFactorCodeInput
{
    public string Code { get; set; } = "";
    public string? ReturnUrl { get; set; }
}

public sealed record EnrolmentModel(bool Enrolled, bool Required, string? ManualKey, string? QrSvg);

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP): enrolment by QR code or manual key at /staff/two-factor,
/// and the second step of sign-in at /staff/sign-in/two-factor. Required for Admin and Head, offered to Operators.
/// </summary>
[AllowWithoutTwoFactor]
public sealed class TwoFactorController(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, AuditLog audit,
    TotpReplay replay, EKtpDbContext db, IStringLocalizer<AdminText> l) : Controller
{
    public const string EnrolPath = "/staff/two-factor";
    public const string SignInStepPath = "/staff/sign-in/two-factor";
    private const string Issuer = "EKtp Pasaman";

    [HttpGet(EnrolPath)]
    public async Task<IActionResult> Enrol() => View(await ModelAsync(await CurrentAsync()));

    [HttpPost(EnrolPath)]
    public async Task<IActionResult> Enrol(TwoFactorCodeInput input)
    {
        var user = await CurrentAsync();
        if (user.TwoFactorEnabled) return Redirect(EnrolPath);
        var valid = await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, input.Code ?? "");
        if (!valid)
        {
            await audit.WriteAsync(AuditActions.TwoFactorFailed, "staff", user.Id.ToString(), reason: "enrolment");
            ModelState.AddModelError("Code", l["Kode salah atau sudah kedaluwarsa. Periksa jam di ponsel, lalu masukkan kode yang sedang tampil."]);
            return View(await ModelAsync(user));
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, "staff", user.Id.ToString());
        // This session has now proved the second factor: sign in again with it, so the enrolment gate opens.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(TwoFactorEnrolmentFilter.MfaClaim, TwoFactorEnrolmentFilter.MfaValue)]);
        TempData["Flash"] = l["Verifikasi dua langkah aktif. Mulai sekarang, masuk memerlukan kode dari aplikasi autentikator."].Value;
        return Redirect("/staff");
    }

    [AllowAnonymous, HttpGet(SignInStepPath)]
    public async Task<IActionResult> SignInStep(string? returnUrl)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return Redirect("/staff/sign-in");
        return View(new TwoFactorCodeInput { ReturnUrl = returnUrl });
    }

    [AllowAnonymous, HttpPost(SignInStepPath), EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> SignInStep(TwoFactorCodeInput input)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null || user.IsDisabled) return Redirect("/staff/sign-in");
        var code = new string((input.Code ?? "").Where(char.IsAsciiDigit).ToArray());
        Microsoft.AspNetCore.Identity.SignInResult result;
        try
        {
            result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A concurrent submit changed the account row first (it won the race with this code). The failed update must
            // not be retried by the audit entry's save below.
            db.ChangeTracker.Clear();
            replay.Seen = true;
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.TwoFactorSignIn, "staff", user.Id.ToString(), userName: user.UserName,
                user: await signIn.CreateUserPrincipalAsync(user));
            return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/staff");
        }
        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.LockedOut, "staff", user.Id.ToString(), userName: user.UserName);
            ModelState.AddModelError("Code", l["Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi dalam 15 menit."]);
        }
        else if (replay.Seen)
        {
            await audit.WriteAsync(AuditActions.TwoFactorFailed, "staff", user.Id.ToString(), userName: user.UserName, reason: "replay");
            ModelState.AddModelError("Code", l["Kode sudah dipakai. Tunggu kode berikutnya di aplikasi autentikator, lalu masukkan kode itu."]);
        }
        else
        {
            await audit.WriteAsync(AuditActions.TwoFactorFailed, "staff", user.Id.ToString(), userName: user.UserName);
            ModelState.AddModelError("Code", l["Kode salah atau sudah kedaluwarsa."]);
        }
        input.Code = "";
        return View(input);
    }

    private async Task<StaffUser> CurrentAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("A signed-in staff member has no account.");

    private async Task<EnrolmentModel> ModelAsync(StaffUser user)
    {
        var required = await users.IsInRoleAsync(user, Roles.Admin) || await users.IsInRoleAsync(user, Roles.Head);
        if (user.TwoFactorEnabled) return new EnrolmentModel(true, required, null, null);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp, which is checked on every request: renew this session's cookie,
            // or the enrolment's own POST would be sent back to sign-in.
            await signIn.RefreshSignInAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(new System.Drawing.Size(240, 240), "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        var grouped = string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLowerInvariant();
        return new EnrolmentModel(false, required, grouped, svg);
    }
}
