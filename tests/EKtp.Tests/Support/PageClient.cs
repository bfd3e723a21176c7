using System.Net;
using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace EKtp.Tests.Support;

public sealed record PageResult(HttpResponseMessage Response, IHtmlDocument Document, string Html)
{
    public HttpStatusCode Status => Response.StatusCode;

    /// <summary>The text of the validation message shown beside a field (span[data-valmsg-for]).</summary>
    public string FieldError(string field) =>
        Document.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? "";

    public string Text => Document.Body?.TextContent ?? "";
}

/// <summary>
/// Drives the portal as a browser without JavaScript does: GET a page, fill a form by field names, submit it with
/// whatever hidden fields (antiforgery token, idempotency key) the page put there.
/// </summary>
public sealed class PageClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public async Task<PageResult> GetAsync(string url)
    {
        var response = await http.GetAsync(url);
        return await ReadAsync(response);
    }

    /// <summary>GET, then follow redirects (as a browser would after a post-redirect-get).</summary>
    public async Task<PageResult> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 5 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found; hops++)
            response = await http.GetAsync(response.Headers.Location);
        return await ReadAsync(response);
    }

    /// <summary>Submits the form chosen by a CSS selector on a page, with the given values over its own.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(PageResult page, string formSelector, IDictionary<string, string>? values = null,
        string? submitterName = null, string? submitterValue = null)
    {
        var form = page.Document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Response.RequestMessage?.RequestUri}.");
        var fields = FormFields(form);
        foreach (var (k, v) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == k);
            fields.Add(new(k, v));
        }
        if (submitterName is not null) fields.Add(new(submitterName, submitterValue ?? ""));
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Response.RequestMessage!.RequestUri!.PathAndQuery : form.GetAttribute("action")!;
        if (string.Equals(form.GetAttribute("method"), "get", StringComparison.OrdinalIgnoreCase))
            return await http.GetAsync(action.Split('?')[0] + "?" + await new FormUrlEncodedContent(fields).ReadAsStringAsync());
        return await http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts fields straight to an address, taking the antiforgery token from a page that has one.</summary>
    public async Task<HttpResponseMessage> PostAsync(string url, PageResult tokenSource, IDictionary<string, string> values)
    {
        var token = tokenSource.Document.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The page has no antiforgery token.");
        var fields = values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)).ToList();
        fields.Add(new("__RequestVerificationToken", token));
        return await http.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked && !string.IsNullOrEmpty(box.Name)) fields.Add(new(box.Name, box.Value));
                    break;
                case IHtmlInputElement { Type: "submit" or "button" or "image" or "reset" or "file" }:
                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    var chosen = select.SelectedOptions.FirstOrDefault() ?? select.Options.FirstOrDefault();
                    if (chosen is not null) fields.Add(new(select.Name, chosen.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }
        return fields;
    }

    public static async Task<PageResult> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new PageResult(response, await Parser.ParseDocumentAsync(html), html);
    }

    public void Dispose() => http.Dispose();
}
