using System.ComponentModel.DataAnnotations;
using EKtp.Web.Domain;
using EKtp.Web.Features.Shared;
using EKtp.Web.Features.TwoFactor;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Account;

public sealed class SignInInput
{
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [Display(Name = "Kata sandi")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

[AllowWithoutTwoFactor]
public sealed class AccountController(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, SignInDelays delays, AuditLog audit,
    IStringLocalizer<SharedText> t, Microsoft.Extensions.Options.IOptions<SiteOptions> site) : Controller
{
    // Hashed once per process: an unknown email is checked against it, so it costs a known account's hashing time.
    private static string? _dummyHash;

    [AllowAnonymous, HttpGet("/staff/sign-in")]
    public IActionResult SignIn(string? returnUrl) => View(new SignInInput { ReturnUrl = returnUrl });

    /// <summary>
    /// One answer for every failure (unknown email, disabled account, wrong password, an email that must wait), in the
    /// same time: the page does not tell which emails have accounts, nor which are being guessed.
    /// </summary>
    private const int MaxEmailLength = 256;

    [AllowAnonymous, HttpPost("/staff/sign-in"), EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> SignIn(SignInInput input, CancellationToken ct)
    {
        var email = (input.Email ?? "").Trim();
        // No account's email is longer than Identity's 256 characters: a longer one is cut there, so the throttle, the
        // audit entry (its column) and the lookup all take it, and it fails like any unknown email (not with a 500).
        if (email.Length > MaxEmailLength) email = email[..MaxEmailLength];
        if (await delays.MustWaitAsync(email, ct))
        {
            await audit.WriteAsync(AuditActions.LockedOut, "staff", null, userName: email);
            return Failed(input);
        }
        var user = email.Length == 0 ? null : await users.FindByEmailAsync(email);
        if (user is null || user.IsDisabled)
        {
            _dummyHash ??= users.PasswordHasher.HashPassword(new StaffUser(), Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(new StaffUser(), _dummyHash, input.Password ?? "");
            await delays.RecordFailureAsync(email, ct);
            await audit.WriteAsync(AuditActions.SignInFailed, "staff", user?.Id.ToString(), userName: email);
            return Failed(input);
        }
        // Identity's own lockout is off for passwords: SignInDelays grows the wait instead of locking for a fixed time.
        var result = await signIn.PasswordSignInAsync(user, input.Password ?? "", isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded || result.RequiresTwoFactor) await delays.ResetAsync(email, ct);
        if ((result.Succeeded || result.RequiresTwoFactor) && site.Value.IsNode
            && (await users.IsInRoleAsync(user, Roles.Admin) || await users.IsInRoleAsync(user, Roles.Head)))
        {
            // The right password, at the wrong place: administration and the dashboard live at the hub only.
            await signIn.SignOutAsync();
            ModelState.AddModelError(string.Empty, t["Akun Admin dan Kepala Dinas hanya dapat masuk di server dinas, bukan di simpul lapangan ini."]);
            input.Password = "";
            return View(nameof(SignIn), input);
        }
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignIn, "staff", user.Id.ToString(), userName: user.UserName);
            return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/staff");
        }
        if (result.RequiresTwoFactor)
            return Redirect(TwoFactorController.SignInStepPath + (Url.IsLocalUrl(input.ReturnUrl) ? "?returnUrl=" + Uri.EscapeDataString(input.ReturnUrl) : ""));
        if (result.IsLockedOut)
        {
            // Locked by wrong authenticator codes (the second step keeps Identity's lockout): the same words.
            await audit.WriteAsync(AuditActions.LockedOut, "staff", user.Id.ToString(), userName: user.UserName);
            return Failed(input);
        }
        await delays.RecordFailureAsync(email, ct);
        await audit.WriteAsync(AuditActions.SignInFailed, "staff", user.Id.ToString(), userName: user.UserName);
        return Failed(input);
    }

    /// <summary>Changes the security stamp first: a copy of this session's cookie is refused from now on, everywhere.</summary>
    [HttpPost("/staff/sign-out")]
    public async Task<IActionResult> SignOutStaff()
    {
        await audit.WriteAsync(AuditActions.SignOut, "staff", User.UserIdOf().ToString());
        if (await users.GetUserAsync(User) is { } user) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [AllowAnonymous, HttpGet("/staff/denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Error", new ErrorViewModel(t["Akses ditolak"], t["Anda tidak berhak membuka halaman ini."], null));
    }

    private ViewResult Failed(SignInInput input)
    {
        ModelState.AddModelError(string.Empty, t["Email atau kata sandi salah. Setelah beberapa kali gagal, tunggu beberapa menit sebelum mencoba lagi."]);
        input.Password = "";
        return View(nameof(SignIn), input);
    }
}
