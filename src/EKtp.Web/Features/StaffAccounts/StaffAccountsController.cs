using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Admin;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EKtp.Web.Features.StaffAccounts;

public sealed record StaffRow(StaffUser User, string? Role, string? PointName);

/// <summary>
/// /admin/staff: create accounts, change role and service point, disable, reset a password or a lost authenticator.
/// Every change is audited and renews the account's security stamp, so open sessions pick it up (or end) within a minute.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class StaffAccountsController(EKtpDbContext db, UserManager<StaffUser> users, AuditLog audit,
    IStringLocalizer<AdminText> l) : Controller
{
    public const string ListPath = "/admin/staff";
    public static string AccountPath(Guid id) => $"{ListPath}/{id}";

    [HttpGet(ListPath)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var rows = await (from u in db.Users.AsNoTracking()
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          orderby u.DisplayName
                          select new StaffRow(u, r.Name, u.ServicePoint!.Name)).ToListAsync(ct);
        return View(rows);
    }

    [HttpGet(ListPath + "/new")]
    public async Task<IActionResult> New(CancellationToken ct)
    {
        await LoadPointsAsync(ct);
        return View(new NewStaffInput());
    }

    [HttpPost(ListPath + "/new")]
    public async Task<IActionResult> New(NewStaffInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey,
        [FromServices] IValidator<NewStaffInput> validator, [FromServices] SubmitOnce once, CancellationToken ct)
    {
        CopyErrors(await validator.ValidateAsync(input, ct));
        if (ModelState.IsValid)
        {
            var email = input.Email.Trim();
            var user = new StaffUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = input.DisplayName.Trim(),
                ServicePointId = input.Role == Roles.Operator ? input.ServicePointId : null,
            };
            IdentityResult? created = null;
            try
            {
                // The same form sent twice creates the account once; the second answer is the first's.
                var submitted = await once.RunAsync("staff-account", formKey, async c =>
                {
                    await using var tx = await db.Database.BeginOrJoinTransactionAsync(c);
                    created = await users.CreateAsync(user, input.Password);
                    if (!created.Succeeded) return null;
                    await users.AddToRoleAsync(user, input.Role);
                    await audit.WriteAsync(AuditActions.StaffCreated, "staff", user.Id.ToString(), reason: $"role {input.Role}", ct: c);
                    await tx.CommitAsync(c);
                    return user.Id;
                }, ct);
                if (submitted.Id is not null)
                {
                    TempData["Flash"] = string.Format(l["Akun {0} dibuat."], email);
                    return Redirect(ListPath);
                }
                foreach (var e in created!.Errors)
                    ModelState.AddModelError(e.Code is "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" ? "Email" : "Password", e.Description);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Identity's duplicate check cannot see an account another form is creating at the same moment; the unique
                // user-name index can (the user name is the e-mail), and this form's account, role and key are rolled back.
                db.ChangeTracker.Clear();
                ModelState.AddModelError(nameof(NewStaffInput.Email), l["Email ini sudah dipakai akun lain."]);
            }
        }
        input.Password = "";
        await LoadPointsAsync(ct);
        return View(input);
    }

    [HttpGet(ListPath + "/{id:guid}")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Operator;
        return await EditView(user, new StaffRoleInput { DisplayName = user.DisplayName, Role = role, ServicePointId = user.ServicePointId }, ct);
    }

    [HttpPost(ListPath + "/{id:guid}")]
    public async Task<IActionResult> Edit(Guid id, StaffRoleInput input, [FromServices] IValidator<StaffRoleInput> validator, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        CopyErrors(await validator.ValidateAsync(input, ct));
        var oldRole = (await users.GetRolesAsync(user)).FirstOrDefault();
        if (id == User.UserIdOf() && input.Role != oldRole)
            ModelState.AddModelError("Role", l["Anda tidak dapat mengubah peran akun Anda sendiri."]);
        if (!ModelState.IsValid) return await EditView(user, input, ct);

        var newPoint = input.Role == Roles.Operator ? input.ServicePointId : null;
        var changed = oldRole != input.Role || user.ServicePointId != newPoint;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.DisplayName = input.DisplayName.Trim();
        user.ServicePointId = newPoint;
        if (oldRole != input.Role)
        {
            if (oldRole is not null) await users.RemoveFromRoleAsync(user, oldRole);
            await users.AddToRoleAsync(user, input.Role);
        }
        if (changed)
        {
            await users.UpdateSecurityStampAsync(user);
            audit.Add(AuditActions.RoleChanged, "staff", user.Id.ToString(), reason: $"{oldRole} -> {input.Role}, point {newPoint?.ToString() ?? "-"}");
        }
        await users.UpdateAsync(user);
        await tx.CommitAsync(ct);
        TempData["Flash"] = l["Akun disimpan."].Value;
        return Redirect(AccountPath(id));
    }

    [HttpPost(ListPath + "/{id:guid}/disable")]
    public Task<IActionResult> Disable(Guid id, CancellationToken ct) => SetDisabledAsync(id, true, ct);

    [HttpPost(ListPath + "/{id:guid}/enable")]
    public Task<IActionResult> Enable(Guid id, CancellationToken ct) => SetDisabledAsync(id, false, ct);

    private async Task<IActionResult> SetDisabledAsync(Guid id, bool disabled, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        if (id == User.UserIdOf())
        {
            TempData["Flash"] = l["Anda tidak dapat menonaktifkan akun Anda sendiri."].Value;
            return Redirect(AccountPath(id));
        }
        user.IsDisabled = disabled;
        // A new stamp ends the account's open sessions at their next check.
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(disabled ? AuditActions.StaffDisabled : AuditActions.StaffEnabled, "staff", id.ToString(), ct: ct);
        TempData["Flash"] = disabled ? l["Akun dinonaktifkan dan sesi yang terbuka diakhiri."].Value : l["Akun diaktifkan kembali."].Value;
        return Redirect(AccountPath(id));
    }

    [HttpPost(ListPath + "/{id:guid}/password")]
    public async Task<IActionResult> ResetPassword(Guid id, ResetPasswordInput input, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, input.NewPassword ?? "");
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError("NewPassword", e.Description);
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Operator;
            return await EditView(user, new StaffRoleInput { DisplayName = user.DisplayName, Role = role, ServicePointId = user.ServicePointId }, ct);
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(AuditActions.PasswordReset, "staff", id.ToString(), ct: ct);
        TempData["Flash"] = l["Kata sandi diganti. Sampaikan kepada petugas secara langsung."].Value;
        return Redirect(AccountPath(id));
    }

    /// <summary>For a lost or replaced phone: the account enrols again at its next sign-in.</summary>
    [HttpPost(ListPath + "/{id:guid}/two-factor/reset")]
    public async Task<IActionResult> ResetTwoFactor(Guid id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync(AuditActions.TwoFactorReset, "staff", id.ToString(), ct: ct);
        TempData["Flash"] = l["Autentikator diatur ulang; petugas mendaftarkannya lagi saat masuk."].Value;
        return Redirect(AccountPath(id));
    }

    private async Task<IActionResult> EditView(StaffUser user, StaffRoleInput input, CancellationToken ct)
    {
        ViewData["Account"] = user;
        await LoadPointsAsync(ct);
        return View("Edit", input);
    }

    private async Task LoadPointsAsync(CancellationToken ct) =>
        ViewData["Points"] = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Name).ToListAsync(ct);

    private void CopyErrors(FluentValidation.Results.ValidationResult result)
    {
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
    }
}
