using System.Diagnostics;
using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Shared;

/// <summary>What an error page says; <see cref="BackUrl"/>, when set, leads back to the form the visitor came from.</summary>
public sealed record ErrorViewModel(string Title, string Message, string? RequestId, string? BackUrl = null);

/// <summary>The 429 page of a public form: where the form posted, what it held, and how many seconds to wait.</summary>
public sealed record TooManyRequestsModel(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields, int WaitSeconds);

/// <summary>
/// The pages (and problem details) for failures. A failed POST is re-executed here as a POST, so antiforgery must not
/// apply: otherwise the global filter answers every server error of a form or the API with an empty 400.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorController(IStringLocalizer<SharedText> t) : Controller
{
    [Route("/error")]
    public IActionResult ServerError()
    {
        var outage = DatabaseOutage.Is(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error);
        var status = outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        if (outage) DatabaseOutage.Answer(Response);
        else Response.StatusCode = status;
        var id = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (IsApi())
            return Problem(title: outage ? t["Layanan sedang tidak tersedia. Coba lagi sebentar lagi."] : t["Terjadi kesalahan pada server."],
                statusCode: status);
        return outage
            ? View("Error", new ErrorViewModel(t["Layanan sedang terganggu"],
                t["Basis data portal sedang tidak dapat dihubungi. Data Anda tidak hilang; coba lagi dalam beberapa menit, atau datang ke tempat layanan seperti biasa."], id))
            : View("Error", new ErrorViewModel(t["Maaf, terjadi kesalahan"],
                t["Permintaan Anda tidak dapat diproses. Data Anda tidak hilang; silakan coba lagi sebentar lagi."], id));
    }

    [Route("/error/{status:int}")]
    public async Task<IActionResult> Status([FromRoute] int status)
    {
        Response.StatusCode = status;
        if (IsApi()) return Problem(statusCode: status);
        if (status == 429 && HttpContext.Items[RateLimits.RetryAfterItem] is int wait)
        {
            Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (HttpContext.Items.ContainsKey(RateLimits.ResubmitItem)) return await ResubmitAsync(wait);
        }
        var (title, message) = status switch
        {
            404 => (t["Halaman tidak ditemukan"], t["Alamat yang Anda buka tidak ada. Periksa kembali alamatnya atau mulai dari beranda."]),
            403 => (t["Akses ditolak"], t["Anda tidak berhak membuka halaman ini."]),
            429 => (t["Terlalu banyak permintaan"], t["Tunggu satu menit, lalu coba lagi."]),
            // Every turn taken and the queue full (RequestCapacity): seconds, not minutes.
            503 => (t["Layanan sedang sangat sibuk"], t["Banyak warga sedang memakai portal saat ini. Tunggu beberapa detik, lalu coba lagi."]),
            _ => (t["Permintaan tidak dapat diproses"], t["Silakan coba lagi."]),
        };
        return View("Error", new ErrorViewModel(title, message, null));
    }

    /// <summary>
    /// A public form refused by the rate limit (decision 1312): the page says how long to wait and holds what was typed
    /// in a form to the same address, so one button sends it again; nothing personal is shown or put in a URL, and the
    /// page is not stored (no-store).
    /// </summary>
    private async Task<IActionResult> ResubmitAsync(int wait)
    {
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var action = feature?.OriginalPath is { } path && Url.IsLocalUrl(path) ? path + feature.OriginalQueryString : "/";
        var form = await Request.ReadFormAsync();
        var fields = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))
            .Where(f => !f.Key.Contains("password", StringComparison.OrdinalIgnoreCase)).ToList();
        return View("TooManyRequests", new TooManyRequestsModel(action, fields, wait));
    }

    private bool IsApi()
    {
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        return original?.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) == true;
    }
}
