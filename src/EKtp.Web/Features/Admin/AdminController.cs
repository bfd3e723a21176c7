using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Admin;

/// <summary>
/// /admin: service points, weekly schedules, holidays and closures. The actions live in one file per use case
/// (ServicePoints.cs, Schedules.cs, Holidays.cs, Closures.cs), all on this controller so their views sit in this folder.
/// Every change that can take slots away goes through <see cref="ApplyAsync"/>: when it would take booked slots, the
/// admin first sees how many appointments it affects (ConfirmImpact.cshtml, re-posting the same form) and confirms.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed partial class AdminController(EKtpDbContext db, SlotImpact impact, SubmitOnce once, AuditLog audit, TimeProvider clock,
    IStringLocalizer<AdminText> l) : Controller
{
    public const string Home = "/admin";

    [HttpGet(Home)]
    public IActionResult Index() => View();

    private void CopyErrors(FluentValidation.Results.ValidationResult result)
    {
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
    }

    /// <summary>The hidden field of the confirmation page: the number of affected appointments the admin agreed to.</summary>
    public const string ConfirmField = "ConfirmedAffected";

    /// <summary>
    /// Saves <paramref name="change"/> through <see cref="SlotImpact.ApplyAsync"/>. Null when saved (the caller redirects);
    /// otherwise the confirmation page, which posts the same form fields again to this request's path with the count.
    /// </summary>
    private async Task<IActionResult?> ApplyAsync(Func<Task> change, string cause, string cancelUrl, CancellationToken ct)
    {
        int? confirmed = Request.HasFormContentType && int.TryParse(Request.Form[ConfirmField], out var n) ? n : null;
        var result = await impact.ApplyAsync(change, cause, User.UserIdOf(), confirmed, ct);
        if (result.Saved)
        {
            if (result.Affected > 0)
                TempData["Affected"] = string.Format(l["{0} janji temu ditandai terdampak; warganya diberi tahu dan dapat pindah jadwal."], result.Affected);
            return null;
        }
        var fields = Request.Form.Where(f => f.Key is not ("__RequestVerificationToken" or ConfirmField))
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))).ToList();
        return View("ConfirmImpact", new ImpactConfirmation(result.Affected, Request.Path, cancelUrl, fields, confirmed is not null));
    }

    /// <summary>
    /// <see cref="ApplyAsync"/> for a form with a one-time key (decision 1326): the key is claimed in the change's
    /// transaction, so of identical submits one saves and the others wait for its commit and answer as it did (null:
    /// the caller redirects). Slots are generated after that commit, so the waiting submits are not held behind it.
    /// <paramref name="change"/> returns the id of what it saved.
    /// </summary>
    private async Task<IActionResult?> ApplyOnceAsync(string form, Guid? key, Func<Task<Guid>> change, string cause, string cancelUrl,
        CancellationToken ct)
    {
        IActionResult? confirm = null;
        var joined = false;
        var submitted = await once.RunAsync(form, key, async c =>
        {
            joined = db.Database.CurrentTransaction is not null;
            var id = Guid.Empty;
            confirm = await ApplyAsync(async () => id = await change(), cause, cancelUrl, c);
            return confirm is null ? id : null;
        }, ct);
        if (joined && submitted is { Id: not null, Repeated: false }) await impact.GenerateSlotsAsync(ct);
        return confirm;
    }

    private IActionResult Saved(string message, string redirect)
    {
        TempData["Flash"] = TempData["Affected"] is string affected ? message + " " + affected : message;
        return Redirect(redirect);
    }
}

/// <summary>The confirmation page's model: the count, where to post the same fields again, and where "cancel" goes.</summary>
public sealed record ImpactConfirmation(int Affected, string Action, string CancelUrl, List<KeyValuePair<string, string>> Fields,
    bool CountChanged);
