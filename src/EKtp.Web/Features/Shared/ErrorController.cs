using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Shared;

public sealed record ErrorViewModel(string Title, string Message, string? RequestId);

[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorController(IStringLocalizer<SharedText> t) : Controller
{
    [Route("/error")]
    public IActionResult ServerError()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        var id = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (IsApi()) return Problem(title: t["Terjadi kesalahan pada server."], statusCode: 500);
        return View("Error", new ErrorViewModel(t["Maaf, terjadi kesalahan"],
            t["Permintaan Anda tidak dapat diproses. Data Anda tidak hilang; silakan coba lagi sebentar lagi."], id));
    }

    [Route("/error/{status:int}")]
    public IActionResult Status(int status)
    {
        Response.StatusCode = status;
        if (IsApi()) return Problem(statusCode: status);
        var (title, message) = status switch
        {
            404 => (t["Halaman tidak ditemukan"], t["Alamat yang Anda buka tidak ada. Periksa kembali alamatnya atau mulai dari beranda."]),
            403 => (t["Akses ditolak"], t["Anda tidak berhak membuka halaman ini."]),
            429 => (t["Terlalu banyak permintaan"], t["Tunggu satu menit, lalu coba lagi."]),
            _ => (t["Permintaan tidak dapat diproses"], t["Silakan coba lagi."]),
        };
        return View("Error", new ErrorViewModel(title, message, null));
    }

    private bool IsApi()
    {
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path;
        return original?.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) == true;
    }
}
