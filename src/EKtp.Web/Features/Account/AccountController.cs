using System.ComponentModel.DataAnnotations;
using EKtp.Web.Domain;
using EKtp.Web.Features.Shared;
using EKtp.Web.Features.TwoFactor;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
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
public sealed class AccountController(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, AuditLog audit,
    IStringLocalizer<SharedText> t) : Controller
{
    [AllowAnonymous, HttpGet("/staff/sign-in")]
    public IActionResult SignIn(string? returnUrl) => View(new SignInInput { ReturnUrl = returnUrl });

    [AllowAnonymous, HttpPost("/staff/sign-in")]
    public async Task<IActionResult> SignIn(SignInInput input)
    {
        var user = string.IsNullOrWhiteSpace(input.Email) ? null : await users.FindByEmailAsync(input.Email.Trim());
        if (user is null || user.IsDisabled)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, "staff", user?.Id.ToString(), userName: (input.Email ?? "").Trim());
            return Failed(input, t["Email atau kata sandi salah."]);
        }
        var result = await signIn.PasswordSignInAsync(user, input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignIn, "staff", user.Id.ToString(), userName: user.UserName);
            return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/staff");
        }
        if (result.RequiresTwoFactor)
            return Redirect(TwoFactorController.SignInStepPath + (Url.IsLocalUrl(input.ReturnUrl) ? "?returnUrl=" + Uri.EscapeDataString(input.ReturnUrl) : ""));
        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.LockedOut, "staff", user.Id.ToString(), userName: user.UserName);
            return Failed(input, t["Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi dalam 15 menit."]);
        }
        await audit.WriteAsync(AuditActions.SignInFailed, "staff", user.Id.ToString(), userName: user.UserName);
        return Failed(input, t["Email atau kata sandi salah."]);
    }

    [HttpPost("/staff/sign-out")]
    public async Task<IActionResult> SignOutStaff()
    {
        await audit.WriteAsync(AuditActions.SignOut, "staff", User.UserIdOf().ToString());
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [AllowAnonymous, HttpGet("/staff/denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Error", new ErrorViewModel(t["Akses ditolak"], t["Anda tidak berhak membuka halaman ini."], null));
    }

    private ViewResult Failed(SignInInput input, string message)
    {
        ModelState.AddModelError(string.Empty, message);
        input.Password = "";
        return View(nameof(SignIn), input);
    }
}
