using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// A refusal the client should retry (the rate limits' 429, the request capacity's 503): the status, <c>Retry-After</c>
/// in whole seconds and, under <c>/api</c>, problem details. A page's answer has no body here: the status-code pages
/// re-execute <c>/error/{status}</c> in the site's layout.
/// </summary>
public static class TryAgainLater
{
    public static async Task AnswerAsync(HttpContext http, int status, int seconds, string title, string problemType)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (!http.Request.Path.StartsWithSegments("/api")) return;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = $"Coba lagi dalam {seconds} detik.",
                Type = "https://ektp.pasamankab.go.id/problems/" + problemType,
            },
        });
    }
}
