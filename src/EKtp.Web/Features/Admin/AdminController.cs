using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Admin;

/// <summary>
/// /admin: service points, weekly schedules, holidays and closures. The actions live in one file per use case
/// (ServicePoints.cs, Schedules.cs, Holidays.cs, Closures.cs), all on this controller so their views sit in this folder.
/// Every change that can take slots away goes through <see cref="SlotImpact.ApplyAsync"/>.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed partial class AdminController(EKtpDbContext db, SlotImpact impact, AuditLog audit, TimeProvider clock,
    IStringLocalizer<AdminText> l) : Controller
{
    public const string Home = "/admin";

    [HttpGet(Home)]
    public IActionResult Index() => View();

    private void CopyErrors(FluentValidation.Results.ValidationResult result)
    {
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
    }

    private string AffectedMessage(int count) =>
        string.Format(l["Perubahan tidak disimpan: {0} janji temu yang sudah dipesan akan kehilangan slotnya. Pindahkan atau batalkan janji itu dulu, atau pilih tanggal lain."], count);

    private IActionResult Saved(string message, string redirect)
    {
        TempData["Flash"] = message;
        return Redirect(redirect);
    }
}
