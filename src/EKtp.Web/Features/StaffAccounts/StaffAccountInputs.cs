using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Admin;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.StaffAccounts;

public sealed class NewStaffInput
{
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Roles.Operator;
    public Guid? ServicePointId { get; set; }
    public string Password { get; set; } = "";
}

public sealed class StaffRoleInput
{
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Roles.Operator;
    public Guid? ServicePointId { get; set; }
}

public sealed class ResetPasswordInput
{
    public string NewPassword { get; set; } = "";
}

/// <summary>Rules shared by creating an account and changing its role: an Operator works at exactly one active point.</summary>
public static class StaffRules
{
    public static void RoleAndPoint<T>(AbstractValidator<T> v, Func<T, string> role, Func<T, Guid?> point, EKtpDbContext db,
        IStringLocalizer<AdminText> l)
    {
        v.RuleFor(x => role(x)).Must(r => Roles.All.Contains(r)).WithMessage(l["Pilih peran."]).OverridePropertyName("Role");
        v.RuleFor(x => point(x)).Cascade(CascadeMode.Stop)
            .NotNull().When(x => role(x) == Roles.Operator).WithMessage(l["Operator harus ditempatkan di satu tempat layanan."])
            .MustAsync((id, ct) => id is null ? Task.FromResult(true) : db.ServicePoints.AnyAsync(p => p.Id == id && p.IsActive, ct))
            .WithMessage(l["Tempat layanan tidak dikenal atau nonaktif."])
            .OverridePropertyName("ServicePointId");
    }
}

public sealed class NewStaffInputValidator : AbstractValidator<NewStaffInput>
{
    public NewStaffInputValidator(EKtpDbContext db, IStringLocalizer<AdminText> l)
    {
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(l["Isi alamat email."])
            .EmailAddress().WithMessage(l["Alamat email tidak valid."])
            .MaximumLength(200).WithMessage(l["Alamat email tidak valid."]);
        RuleFor(x => x.DisplayName).NotEmpty().WithMessage(l["Isi nama petugas."])
            .MaximumLength(120).WithMessage(l["Nama paling panjang 120 karakter."]);
        RuleFor(x => x.Password).NotEmpty().WithMessage(l["Isi kata sandi awal."]);
        StaffRules.RoleAndPoint(this, x => x.Role, x => x.ServicePointId, db, l);
    }
}

public sealed class StaffRoleInputValidator : AbstractValidator<StaffRoleInput>
{
    public StaffRoleInputValidator(EKtpDbContext db, IStringLocalizer<AdminText> l)
    {
        RuleFor(x => x.DisplayName).NotEmpty().WithMessage(l["Isi nama petugas."])
            .MaximumLength(120).WithMessage(l["Nama paling panjang 120 karakter."]);
        StaffRules.RoleAndPoint(this, x => x.Role, x => x.ServicePointId, db, l);
    }
}
