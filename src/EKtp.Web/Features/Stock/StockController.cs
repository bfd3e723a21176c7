using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Cards;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Stock;

/// <summary>Card-blank stock of a service point: received, used (by printing), spoiled, and the running balance.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class StockController(EKtpDbContext db, BlankStock stock, IValidator<StockInput> validator, IStringLocalizer<StaffText> l)
    : Controller
{
    public const string Root = "/staff/stock";

    [HttpGet(Root)]
    public async Task<IActionResult> Choose(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin))
        {
            var own = User.ServicePointOf();
            var code = own is null ? null : await db.ServicePoints.Where(p => p.Id == own).Select(p => p.Code).SingleOrDefaultAsync(ct);
            return code is null ? Forbid() : Redirect($"{Root}/{code}");
        }
        var balances = await BlankStock.BalancesAsync(db, ct);
        var points = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive).OrderByDescending(p => p.CanPrint).ThenBy(p => p.Name).ToListAsync(ct);
        return View(points.Select(p => (p, balances.GetValueOrDefault(p.Id))).ToList());
    }

    [HttpGet(Root + "/{pointCode}")]
    public async Task<IActionResult> Index([FromPointCode] ServicePoint point, int page, CancellationToken ct)
    {
        return View(new StockPage(await stock.ReadAsync(point, Math.Max(page, 1), ct), new StockInput()));
    }

    [HttpPost(Root + "/{pointCode}")]
    public async Task<IActionResult> Record([FromPointCode] ServicePoint point, StockInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey,
        CancellationToken ct)
    {
        var bound = ModelState.IsValid;
        var validation = await validator.ValidateAsync(input, ct);
        foreach (var e in validation.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (bound && validation.IsValid && await stock.RecordAsync(point, input, User.UserIdOf(), formKey, ct) is { } refused)
            ModelState.AddModelError(nameof(input.Quantity), refused);
        if (!ModelState.IsValid) return View(nameof(Index), new StockPage(await stock.ReadAsync(point, 1, ct), input));
        TempData["Flash"] = l["Stok blanko dicatat."].Value;
        return Redirect($"{Root}/{point.Code}");
    }
}

public sealed record StockPage(StockView Stock, StockInput Input);
