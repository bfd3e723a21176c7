using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Shared;

/// <summary>
/// A form sent without its antiforgery token, or with one that has expired (a page left open overnight, cookies
/// cleared), is refused with a page that says what happened and leads back to the form, instead of an empty 400.
/// </summary>
public sealed class AntiforgeryFailurePage : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult) return;
        var services = context.HttpContext.RequestServices;
        var t = services.GetRequiredService<IStringLocalizer<SharedText>>();
        var request = context.HttpContext.Request;
        var model = new ErrorViewModel(t["Formulir sudah kedaluwarsa"],
            t["Formulir ini dibuka terlalu lama atau kuki peramban Anda terhapus, jadi belum ada yang tersimpan. Buka formulirnya lagi, lalu kirim ulang."],
            null, request.PathBase + request.Path);
        context.Result = new ViewResult
        {
            ViewName = "Error",
            StatusCode = StatusCodes.Status400BadRequest,
            ViewData = new ViewDataDictionary(services.GetRequiredService<IModelMetadataProvider>(), context.ModelState) { Model = model },
        };
    }

    public void OnResultExecuted(ResultExecutedContext context) { }
}
