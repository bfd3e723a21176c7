using EKtp.Web.Domain;
using EKtp.Web.Features.Disruptions;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.ServiceStatus;

public sealed record ServiceStatusPage(IReadOnlyList<PointStatus> Points, DateTimeOffset UpdatedAt);

public sealed class MyAppointmentInput
{
    public string? Code { get; set; }
    public string? Nik { get; set; }
}

public sealed class MyAppointmentInputValidator : AbstractValidator<MyAppointmentInput>
{
    public MyAppointmentInputValidator()
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage("Isi kode janji temu.");
        RuleFor(x => x.Nik).NotEmpty().WithMessage("Isi NIK.")
            .Must(n => Nik.Normalize(n).Length == 16 && Nik.Normalize(n).All(char.IsAsciiDigit)).WithMessage("NIK terdiri dari 16 angka.")
            .When(x => !string.IsNullOrEmpty(x.Nik));
    }
}

public sealed record AppointmentSummary(string Code, string PointName, string? Place, DateTimeOffset StartsAt, AppointmentStatus Status);

public sealed class MyAppointmentPage
{
    public MyAppointmentInput Input { get; init; } = new();
    public AppointmentSummary? Found { get; init; }
    public AffectedAppointmentView? Affected { get; init; }
}

/// <summary>
/// Public: every service point's state today, and a resident's own appointment with the disruption notice and the
/// one-click rebook (found by code and NIK in a POST body; never in the address).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class ServiceStatusController(ServiceStatusReader status, TimeProvider clock, RebookAffectedAppointment rebook,
    IValidator<MyAppointmentInput> lookupValidator, IValidator<RebookInput> rebookValidator, IStringLocalizer<ServiceStatusText> l)
    : Controller
{
    public const string Path = "/service-status";
    public const string MyAppointmentPath = "/service-status/my-appointment";
    public const string RebookPath = "/service-status/rebook";

    [HttpGet(Path)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new ServiceStatusPage(await status.ReadAsync(ct), clock.GetUtcNow()));

    [HttpGet(MyAppointmentPath)]
    public IActionResult MyAppointment() => View(new MyAppointmentPage());

    [HttpPost(MyAppointmentPath)]
    public async Task<IActionResult> MyAppointment(MyAppointmentInput input, CancellationToken ct)
    {
        NoStore();
        var result = await lookupValidator.ValidateAsync(input, ct);
        foreach (var e in result.Errors) ModelState.AddModelError(e.PropertyName, l[e.ErrorMessage]);
        if (!ModelState.IsValid) return View(new MyAppointmentPage { Input = input });
        var a = await rebook.FindAsync(input.Code, input.Nik, ct);
        if (a is null)
        {
            ModelState.AddModelError(nameof(input.Code), l["Kode janji temu dan NIK tidak cocok."]);
            return View(new MyAppointmentPage { Input = input });
        }
        var affected = await rebook.DescribeAsync(a, input.Nik!, MyAppointmentPath, ct);
        var summary = await rebook.SummarizeAsync(a, ct);
        // The NIK is not echoed into the lookup form once it has matched.
        return View(new MyAppointmentPage { Input = new MyAppointmentInput { Code = a.Code }, Found = summary, Affected = affected });
    }

    [HttpPost(RebookPath)]
    public async Task<IActionResult> Rebook(RebookInput input, CancellationToken ct)
    {
        NoStore();
        var back = Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl! : MyAppointmentPath;
        var valid = await rebookValidator.ValidateAsync(input, ct);
        if (!valid.IsValid)
        {
            TempData["Flash"] = l["Pilihan jadwal tidak lengkap. Cari janji Anda lagi."].Value;
            return LocalRedirect(back);
        }
        var result = await rebook.HandleAsync(input, ct);
        TempData["Flash"] = result.Outcome switch
        {
            RebookOutcome.Moved => l["Janji {0} dipindahkan ke {1} di {2}.", BookingCode.Normalize(input.Code), WibText.At(result.To!.StartsAt),
                result.To.Place is null ? result.To.PointName : result.To.PointName + ", " + result.To.Place].Value,
            RebookOutcome.NotAffected => l["Janji ini sudah dipindahkan atau tidak perlu dipindahkan."].Value,
            RebookOutcome.NoSlot => l["Maaf, tidak ada jadwal kosong lagi. Janji Anda tidak berubah."].Value,
            _ => l["Kode janji temu dan NIK tidak cocok."].Value,
        };
        return LocalRedirect(back);
    }

    private void NoStore() => Response.Headers.CacheControl = "no-store";
}
