using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using EKtp.Tests.Integration.Booking;
using EKtp.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EKtp.Tests.Integration.Platform;

/// <summary>
/// Generated malformed input against every public form and API endpoint: wrong types, sizes up to 1 MB, unicode,
/// control characters, injection strings, bad JSON, wrong content types, odd field names; most with a valid
/// antiforgery token so they reach model binding, some without. None may answer a server error; every refusal says
/// why; afterwards every slot's count equals its active appointments and nothing points at a missing row.
/// Seeded: <c>EKTP_FUZZ_SEED=n</c> replays a run, and a failure names its seed.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public partial class FuzzTests(EKtpAppFactory app, ITestOutputHelper output) : IntegrationTest(app)
{
    private const int Inputs = 2_200;
    private const int OneMegabyte = 1 << 20;

    /// <summary>The paths never fuzzed as pages: the API has its own generator, the rest is not a resident's address.</summary>
    private static readonly string[] NotPages = ["/api/", "/hubs/", "/health", "/metrics", "/error"];

    /// <summary>
    /// Every public form (POST) and page (GET), read from the app's routes, so a form added later is fuzzed the day it
    /// exists (the fixed list had missed /home-visit, /status/card and /service-status/rebook). Sorted, so the seed
    /// alone decides the run. A route's parameters are filled by the generator.
    /// </summary>
    private (IReadOnlyList<string> Forms, IReadOnlyList<string> Pages) PublicRoutes()
    {
        var forms = new SortedSet<string>(StringComparer.Ordinal);
        var pages = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (NotPages.Any(route.StartsWith)) continue;
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null;
            if (!isPublic) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                (method == "POST" ? forms : pages).Add(route);
        }
        return (forms.ToList(), pages.ToList());
    }

    private static readonly string[] Fields =
    [
        "SlotId", "Service", "Nik", "KkNumber", "FullName", "BirthDate", "Phone", "Email", "VillageCode", "MarriedOrOnceMarried",
        "BirthDateConfirmed", "IdempotencyKey", "Code", "Reason", "Option", "NewSlotId", "SlotDate", "ContactName", "Place",
        "PeopleCount", "PreferredDate1", "PreferredDate2", "Password", "culture", "returnUrl", "FormKey", "point", "service", "date",
        "ResidentName", "ReasonNote", "Address", "FamilyMemberName", "reference", "StatusCode",
    ];

    private static readonly string[] QueryKeys = ["from", "to", "include", "service", "point", "date", "stop", "culture"];

    private static readonly string[] OddNames =
    [
        "a[b", "a]b", "[]", "a[0][1][2]", "__proto__", "Input.Nik", "nik\u200b", "ñíķ", "😀", "a b", "a%00b", "constructor",
        new string('n', 5000), "SlotId[]", "Nik.Length",
    ];

    private static readonly string[] Nasty =
    [
        "", " ", "\t", "null", "undefined", "true", "false", "0", "-1", "2147483648", "-9223372036854775809", "1e309", "NaN", "0x1F",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "2027-02-30", "31-12-1899", "9999-12-31", "1308051505900001",
        "1308-0515-0590-0001", "' OR '1'='1", "'; DROP TABLE appointments; --", "\" OR \"\"=\"", "<script>alert(1)</script>",
        "{{7*7}}", "${jndi:ldap://x}", "../../etc/passwd", "%00", "%2e%2e%2f", "\\u0000", "\u202eevil", "e\u0301", "😀🇮🇩",
        "ﷺ", "\uFEFF", "\u0001\u0002\u001f", "\r\n\r\nSet-Cookie: x=1", "Ω≈ç√∫", "الاسم", "名前", "PSM-7K3Q2XQ", "psm 7k3q 2xq",
        "+6281234567890", "0812-3456-7890", "13.08.14.2002", "new-recording", "NewRecording", "kec-rao", "id", "en", "zz-ZZ",
        "https://evil.example/", "//evil.example", "javascript:alert(1)",
    ];

    private static readonly string[] JsonBodies =
    [
        "", "{", "}", "[", "{\"a\":", "{\"nik\":}", "[]", "[1,2,3]", "null", "true", "42", "\"text\"", "{\"slotId\":123}",
        "{\"slotId\":{\"x\":1}}", "{\"nik\":[\"1\"]}", "{\"nik\":1308051505900001}", "{\"birthDate\":true}", "{\"__proto__\":{}}",
        "{\"a\":1,\"a\":2}", "{'nik':'x'}", "{\"nik\":\"\\ud800\"}", "{\"nik\":\"\\u0001\"}", "\uFEFF{}", "{\"code\":\"PSM\",\"nik\":null}",
        "{\"marriedOrOnceMarried\":\"yes\"}", "{\"birthDateConfirmed\":\"x\"}",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/json; charset=iso-8859-1", "multipart/form-data", "application/octet-stream",
        "application/x-www-form-urlencoded", "application/json", "image/png", "application/json; charset=utf-16",
    ];

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("EKTP_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s : 13_2026;

    [Fact]
    public async Task Thousands_of_malformed_inputs_get_a_refusal_that_says_why_never_a_server_error_and_leave_the_database_consistent()
    {
        var seed = Seed();
        output.WriteLine($"Fuzz seed {seed} (replay with EKTP_FUZZ_SEED={seed}).");
        var random = new Random(seed);
        var slots = await App.WithDbAsync(db => db.Slots.OrderBy(s => s.StartsAt).Select(s => s.Id).Take(40).ToListAsync());
        var (forms, pages) = PublicRoutes();
        Assert.Superset(new SortedSet<string> { "/booking/confirm", "/home-visit", "/status", "/status/card", "/service-status/rebook", "/mobile-visit" },
            new SortedSet<string>(forms));
        Assert.Superset(new SortedSet<string> { "/", "/home-visit/status/{reference}", "/display/{pointCode}" }, new SortedSet<string>(pages));
        output.WriteLine($"Forms: {string.Join(", ", forms)}\nPages: {string.Join(", ", pages)}");

        using var client = NewClient();
        var tokenPage = await client.GetAsync("/booking/manage");
        var token = tokenPage.Document.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        // The requests are generated first, in order, so the seed alone decides them whatever order they are answered in.
        var requests = Enumerable.Range(0, Inputs).Select(i => Generate(random, i, token, slots, forms, pages)).ToList();
        var failures = new List<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (made, ct) =>
        {
            using var request = made.Request;
            using var response = await client.Http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var problem = Judge(made, response, body);
            if (problem is not null) lock (failures) failures.Add($"#{made.Index} {made.Description}: {problem}");
        });

        var inconsistent = await InconsistenciesAsync();
        Assert.True(failures.Count == 0 && inconsistent.Count == 0,
            $"Fuzz seed {seed} (replay with EKTP_FUZZ_SEED={seed}): {failures.Count} bad answers, {inconsistent.Count} inconsistencies.\n"
            + string.Join("\n", failures.Take(30).Concat(inconsistent)));
    }

    private sealed record Made(int Index, HttpRequestMessage Request, string Description, bool Api);

    /// <summary>A 5xx is always wrong; a 4xx must say why (problem details from the API, a page for forms).</summary>
    private static string? Judge(Made made, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status} {Shorten(body)}";
        if (status < 400) return null; // a form shown again with its messages, a redirect, a page
        var type = response.Content.Headers.ContentType?.MediaType;
        if (made.Api && type != "application/problem+json") return $"{status} answered {type ?? "no content type"}, not problem details";
        if (made.Api && !body.Contains("\"title\"", StringComparison.Ordinal)) return $"{status} problem details without a title";
        if (!made.Api && (type != "text/html" || body.Length < 100)) return $"{status} answered {type ?? "nothing"} ({body.Length} characters), not a page";
        return null;
    }

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";

    private Made Generate(Random r, int index, string token, IReadOnlyList<Guid> slots, IReadOnlyList<string> forms, IReadOnlyList<string> pages)
    {
        string Value()
        {
            var roll = r.Next(100);
            if (roll < 1) return new string('x', OneMegabyte - 1024);                     // a few near-1 MB values
            if (roll < 6) return new string((char)r.Next(0x20, 0x7f), r.Next(1000, 20_000));
            if (roll < 15) return slots[r.Next(slots.Count)].ToString();
            if (roll < 25) return new string(Enumerable.Range(0, r.Next(1, 40)).Select(_ => (char)r.Next(1, 0xD7FF)).ToArray());
            return Nasty[r.Next(Nasty.Length)];
        }
        string Name() => r.Next(10) == 0 ? OddNames[r.Next(OddNames.Length)] : Fields[r.Next(Fields.Length)];
        // A route parameter ({pointCode}, {reference}, {code}) gets a known value or a generated one.
        string Filled(string route) => RouteParameter().Replace(route, _ => r.Next(3) == 0 ? "kec-rao" : Uri.EscapeDataString(Truncate(Value(), 200)));

        switch (r.Next(10))
        {
            case < 5: // a form, usually with a valid token
            {
                var path = Filled(forms[r.Next(forms.Count)]);
                var withToken = r.Next(8) != 0;
                var fields = Enumerable.Range(0, r.Next(0, 10)).Select(_ => new KeyValuePair<string, string>(Name(), Value())).ToList();
                if (r.Next(3) == 0) fields.AddRange(BookingTestData.Details(BookingTestData.Nik(r.Next(1, 9999))).Where(_ => r.Next(2) == 0));
                if (withToken) fields.Add(new("__RequestVerificationToken", token));
                HttpContent content = r.Next(10) switch
                {
                    0 => Multipart(fields),
                    1 => Labelled(string.Join("&", fields.Select(f => f.Key + "=" + f.Value)), ContentTypes[r.Next(ContentTypes.Length)]),
                    _ => new FormUrlEncodedContent(fields),
                };
                return new(index, new HttpRequestMessage(HttpMethod.Post, path) { Content = content },
                    $"POST {path} {(withToken ? "with" : "without")} token, {fields.Count} fields, {content.Headers.ContentType}", false);
            }
            case < 8: // the API's JSON
            {
                var (method, path) = r.Next(6) switch
                {
                    0 => (HttpMethod.Post, "/api/v1/bookings/lookup"),
                    1 => (HttpMethod.Post, $"/api/v1/bookings/{Uri.EscapeDataString(Truncate(Value(), 200))}/cancel"),
                    _ => (HttpMethod.Post, "/api/v1/bookings"),
                };
                var json = r.Next(3) switch
                {
                    0 => JsonBodies[r.Next(JsonBodies.Length)],
                    1 => MutatedBooking(r, slots, Value),
                    _ => "{" + string.Join(",", Enumerable.Range(0, r.Next(0, 8)).Select(_ =>
                        $"{System.Text.Json.JsonSerializer.Serialize(Name())}:{JsonValue(r, Value)}")) + "}",
                };
                var content = Labelled(json, r.Next(6) == 0 ? ContentTypes[r.Next(ContentTypes.Length)] : "application/json");
                var request = new HttpRequestMessage(method, path) { Content = content };
                if (r.Next(4) == 0)
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", new[] { "not-a-guid", "", "00000000-0000-0000-0000-000000000000", "{}",
                        new Guid(Enumerable.Range(0, 16).Select(_ => (byte)r.Next(256)).ToArray()).ToString(), "' OR 1=1 --" }[r.Next(6)]);
                return new(index, request, $"{method} {path} {content.Headers.ContentType} {Shorten(json)}", true);
            }
            default: // query strings on the API and pages
            {
                var api = r.Next(2) == 0;
                var path = api
                    ? (r.Next(3) == 0 ? "/api/v1/service-points" : $"/api/v1/service-points/{Uri.EscapeDataString(r.Next(2) == 0 ? "kec-rao" : Truncate(Value(), 200))}/slots")
                    : Filled(pages[r.Next(pages.Count)]);
                var query = string.Join("&", Enumerable.Range(0, r.Next(0, 5)).Select(_ =>
                    Uri.EscapeDataString(r.Next(2) == 0 ? QueryKeys[r.Next(QueryKeys.Length)] : Name())
                    + "=" + Uri.EscapeDataString(Truncate(Value(), 2000))));
                return new(index, new HttpRequestMessage(HttpMethod.Get, path + (query.Length > 0 ? "?" + query : "")), $"GET {path}?{Shorten(query)}", api);
            }
        }
    }

    /// <summary>A UTF-8 body labelled with any content type, even one that lies about it.</summary>
    private static StringContent Labelled(string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private static string JsonValue(Random r, Func<string> value) => r.Next(6) switch
    {
        0 => r.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        1 => r.Next(2) == 0 ? "true" : "null",
        2 => "[" + System.Text.Json.JsonSerializer.Serialize(value()) + "]",
        3 => "{\"x\":" + System.Text.Json.JsonSerializer.Serialize(value()) + "}",
        _ => System.Text.Json.JsonSerializer.Serialize(value()),
    };

    /// <summary>A booking that would be valid but for one field (or two): the generator's way into the booking command itself.</summary>
    private static string MutatedBooking(Random r, IReadOnlyList<Guid> slots, Func<string> value)
    {
        var body = new Dictionary<string, object?>
        {
            ["slotId"] = slots[r.Next(slots.Count)], ["service"] = "new-recording", ["nik"] = BookingTestData.Nik(r.Next(1, 9999)),
            ["kkNumber"] = "1308051234560002", ["fullName"] = "Siti Rahma", ["birthDate"] = "1990-05-15", ["phone"] = "081234567890",
            ["villageCode"] = "13.08.05.2001",
        };
        var keys = body.Keys.ToList();
        for (var i = r.Next(0, 3); i > 0; i--) body[keys[r.Next(keys.Count)]] = r.Next(4) == 0 ? r.Next() : value();
        return System.Text.Json.JsonSerializer.Serialize(body);
    }

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields) content.Add(new StringContent(v), k);
        return content;
    }

    /// <summary>Every slot's booked count is its active appointments; no appointment, message or ticket points at a missing row.</summary>
    private async Task<List<string>> InconsistenciesAsync() => await App.WithDbAsync(async db =>
    {
        var found = new List<string>();
        var checks = new Dictionary<string, FormattableString>
        {
            ["slots whose booked differs from their active appointments"] = $"""
                SELECT count(*)::int AS "Value" FROM slots s
                WHERE s.booked <> (SELECT count(*) FROM appointments a WHERE a.slot_id = s.id AND a.status IN ('Booked', 'CheckedIn'))
                """,
            ["slots booked beyond capacity or below zero"] = $"""SELECT count(*)::int AS "Value" FROM slots WHERE booked > capacity OR booked < 0""",
            ["appointments without their slot"] = $"""
                SELECT count(*)::int AS "Value" FROM appointments a WHERE NOT EXISTS (SELECT 1 FROM slots s WHERE s.id = a.slot_id)
                """,
            ["confirmation messages without their appointment"] = $"""
                SELECT count(*)::int AS "Value" FROM outbox_messages m WHERE m.dedup_key LIKE 'booking-confirmed:%'
                AND NOT EXISTS (SELECT 1 FROM appointments a WHERE replace(a.id::text, '-', '') = split_part(m.dedup_key, ':', 2))
                """,
            ["appointments without their confirmation message"] = $"""
                SELECT count(*)::int AS "Value" FROM appointments a WHERE NOT EXISTS
                (SELECT 1 FROM outbox_messages m WHERE m.dedup_key = 'booking-confirmed:' || replace(a.id::text, '-', ''))
                """,
            ["form submissions claimed without a result"] = $"""SELECT count(*)::int AS "Value" FROM form_submissions WHERE result_id IS NULL""",
        };
        foreach (var (what, sql) in checks)
            if (await db.Database.SqlQuery<int>(sql).SingleAsync() is var n and > 0) found.Add($"{n} {what}");
        return found;
    });
}
