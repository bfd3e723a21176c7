using System.Buffers;
using EKtp.Web.Features.Shared;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// One gate for hostile text, before any controller sees it, instead of a check on every field: a NUL character
/// (which PostgreSQL refuses in text, so it would end as a 500) in the address, the query string, a form field or a
/// JSON string; a form field name that model binding cannot parse (<c>a[b</c>); a form the server cannot read; JSON in
/// another charset than UTF-8. Each is a 400 with a sentence saying why: problem details under <c>/api</c>, a small
/// self-contained page elsewhere (as the 429 page is).
/// </summary>
public static class InputGuard
{
    /// <summary>Larger JSON bodies are refused: a booking or a lookup is well under a kilobyte.</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    public static IApplicationBuilder UseInputGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // A request re-executed for its error page was already judged.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is null && context.Features.Get<IExceptionHandlerFeature>() is null
            && await FindProblemAsync(context.Request) is { } problem)
        {
            await RefuseAsync(context, problem);
            return;
        }
        await next();
    });

    private enum Problem { Nul, FieldName, UnreadableForm, Charset, TooLarge }

    private static async Task<Problem?> FindProblemAsync(HttpRequest request)
    {
        if (request.Path.Value?.Contains('\0') == true) return Problem.Nul;
        foreach (var (key, values) in request.Query)
        {
            if (!WellFormedName(key)) return Problem.FieldName;
            if (key.Contains('\0') || values.Any(v => v?.Contains('\0') == true)) return Problem.Nul;
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            request.EnableBuffering();
            try { form = await request.ReadFormAsync(); }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
            {
                // The form reader refuses some of it itself (an encoded NUL among them): say which, when it is that.
                request.Body.Position = 0;
                var (raw, length) = await ReadAtMostAsync(request, MaxJsonBytes);
                try
                {
                    return raw.AsSpan(0, length).IndexOf("%00"u8) >= 0 || raw.AsSpan(0, length).IndexOf((byte)0) >= 0
                        ? Problem.Nul : Problem.UnreadableForm;
                }
                finally { ArrayPool<byte>.Shared.Return(raw); }
            }
            foreach (var (key, values) in form)
            {
                if (!WellFormedName(key)) return Problem.FieldName;
                if (key.Contains('\0') || values.Any(v => v?.Contains('\0') == true)) return Problem.Nul;
            }
        }
        else if (request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media)
            && media.SubType.Value?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return Problem.Charset;
            if (request.ContentLength > MaxJsonBytes) return Problem.TooLarge;
            request.EnableBuffering();
            var (body, read) = await ReadAtMostAsync(request, MaxJsonBytes + 1);
            try
            {
                request.Body.Position = 0;
                if (read > MaxJsonBytes) return Problem.TooLarge;
                if (HasNul(body.AsSpan(0, read))) return Problem.Nul;
            }
            finally { ArrayPool<byte>.Shared.Return(body); }
        }
        return null;
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of the body into a buffer from the shared pool (the caller returns
    /// it). When the body's length is known, as for every booking (a few hundred bytes), the buffer is that length and
    /// one more byte, not the limit: a megabyte per request went to the large-object heap, and every few bookings cost a
    /// full (gen 2) collection.
    /// </summary>
    private static async Task<(byte[] Bytes, int Length)> ReadAtMostAsync(HttpRequest request, int limit)
    {
        var size = request.ContentLength is { } length && length < limit ? (int)length + 1 : limit;
        var bytes = ArrayPool<byte>.Shared.Rent(size);
        var read = 0;
        int n;
        while (read < size && (n = await request.Body.ReadAsync(bytes.AsMemory(read, size - read), request.HttpContext.RequestAborted)) > 0) read += n;
        return (bytes, read);
    }

    /// <summary>A raw NUL byte, or the JSON escape <c>\u0000</c> (not itself escaped as <c>\\u0000</c>).</summary>
    private static bool HasNul(ReadOnlySpan<byte> json)
    {
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == 0) return true;
            if (json[i] != (byte)'\\') continue;
            if (i + 5 < json.Length && json[i + 1] == (byte)'u' && json[i + 2] == (byte)'0' && json[i + 3] == (byte)'0'
                && json[i + 4] == (byte)'0' && json[i + 5] == (byte)'0')
                return true;
            i++; // the escaped character, whatever it is, is not the start of another escape
        }
        return false;
    }

    /// <summary>No control characters, and square brackets only in pairs (<c>Items[0].Name</c>), as model binding expects.</summary>
    private static bool WellFormedName(string name)
    {
        var open = false;
        foreach (var c in name)
        {
            if (c == '[') { if (open) return false; open = true; }
            else if (c == ']') { if (!open) return false; open = false; }
            else if (c == '\0' || char.IsControl(c)) return false;
        }
        return !open;
    }

    private static async Task RefuseAsync(HttpContext context, Problem problem)
    {
        var t = context.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        var (status, message) = problem switch
        {
            Problem.Nul => (400, t["Permintaan berisi karakter kosong (NUL) yang tidak diizinkan. Hapus karakter itu, lalu kirim lagi."].Value),
            Problem.FieldName => (400, t["Permintaan berisi nama isian yang tidak sah."].Value),
            Problem.Charset => (400, t["Kirim JSON dalam pengodean UTF-8."].Value),
            Problem.TooLarge => (413, t["Permintaan terlalu besar."].Value),
            _ => (400, t["Formulir tidak dapat dibaca. Buka formulirnya lagi, lalu kirim ulang."].Value),
        };
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = status, Title = t["Permintaan tidak sah."], Detail = message },
            });
            return;
        }
        // Written here, not re-executed at /error/{status}: the body is already read, and a re-executed POST would read it again.
        context.Response.ContentType = "text/html; charset=utf-8";
        var encoded = System.Net.WebUtility.HtmlEncode(message);
        var back = System.Net.WebUtility.HtmlEncode(t["Kembali ke beranda"]);
        await context.Response.WriteAsync($"""
            <!doctype html><html lang="{System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>{encoded} — EKtp Pasaman</title>
            <link rel="stylesheet" href="/css/site.css"></head><body><main class="container py-4">
            <h1>{System.Net.WebUtility.HtmlEncode(t["Permintaan tidak dapat diproses"])}</h1><p data-refusal>{encoded}</p>
            <p><a href="/">{back}</a></p></main></body></html>
            """);
    }
}
