using EKtp.Web.Data;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.MobileUnits;

public sealed class MobileVisitPage
{
    public MobileVisitInput Input { get; init; } = new();
    public IReadOnlyList<VillageOption> Villages { get; init; } = [];
    public int MinimumGroupSize { get; init; }
}

/// <summary>Public: a group of residents of a nagari asks for a mobile-unit visit.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class MobileVisitController(EKtpDbContext db, IValidator<MobileVisitInput> validator, RequestMobileVisit request, SubmitOnce once,
    IOptions<MobileUnitsOptions> options, IStringLocalizer<MobileUnitsText> l) : Controller
{
    public const string Path = "/mobile-visit";
    public const string SentPath = "/mobile-visit/sent";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(CancellationToken ct) => View("~/Features/MobileUnits/MobileVisit.cshtml", await PageAsync(new(), ct));

    [HttpPost(Path)]
    public async Task<IActionResult> Index(MobileVisitInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, l[e.ErrorMessage]);
        if (!ModelState.IsValid) return View("~/Features/MobileUnits/MobileVisit.cshtml", await PageAsync(input, ct));
        await once.RunAsync("mobile-visit", formKey, async c => (await request.HandleAsync(input, c)).Id, ct);
        return Redirect(SentPath);
    }

    [HttpGet(SentPath)]
    public IActionResult Sent() => View("~/Features/MobileUnits/MobileVisitSent.cshtml");

    private async Task<MobileVisitPage> PageAsync(MobileVisitInput input, CancellationToken ct) => new()
    {
        Input = input, Villages = await MobileUnitsAdminController.VillagesAsync(db, ct), MinimumGroupSize = options.Value.MinimumGroupSize,
    };
}
