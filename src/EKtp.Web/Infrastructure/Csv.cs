using System.Globalization;
using CsvHelper;

namespace EKtp.Web.Infrastructure;

/// <summary>One record of a CSV file: the line it starts on (1-based, as an editor counts) and its fields, unquoted.</summary>
public sealed record CsvLine(int Line, string[] Fields)
{
    public string this[int index] => index < Fields.Length ? Fields[index] : "";
}

/// <summary>
/// The one place CSV is configured (decision 1121). Reading: RFC 4180 quoting, the separator detected among comma,
/// semicolon and tab (spreadsheets in an Indonesian locale save with semicolons), values trimmed, empty lines and a
/// byte-order mark skipped, invariant culture; headers are left to each importer, which knows its own. Writing: RFC
/// 4180, comma, UTF-8 with a byte-order mark (so spreadsheets read Indonesian text right), and one rule against
/// formula injection: a text cell starting with = + - @ tab or CR gets a leading apostrophe. Numbers and dates are
/// not text, so -5 stays a number.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvReaderOptions ReadOptions = CsvReaderOptions.Default with
    {
        HasHeader = false,
        TrimWhitespace = true,
        TrimInsideQuotes = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        DetectSeparatorHint = true,
        FormatProvider = CultureInfo.InvariantCulture,
        // Imported files hold NIKs: no value in an exception message, so none can reach a log.
        IncludeValuesInExceptions = false,
    };

    private static readonly CsvWriterOptions WriteOptions = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r",
        InjectionEscape = '\'',
        NewLine = "\n",
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static IEnumerable<CsvLine> Read(string text)
    {
        using var reader = CsvReader.FromText(text.TrimStart('\uFEFF'), ReadOptions);
        while (reader.Read()) yield return Line(reader);
    }

    public static IEnumerable<CsvLine> ReadFile(string path)
    {
        using var reader = CsvReader.FromFile(path, ReadOptions);
        while (reader.Read()) yield return Line(reader);
    }

    public static async IAsyncEnumerable<CsvLine> ReadAsync(Stream stream,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var reader = CsvReader.Create(stream, ReadOptions, leaveOpen: true);
        while (await reader.ReadAsync(ct)) yield return Line(reader);
    }

    private static CsvLine Line(CsvReader reader) => new((int)reader.LineNumber, reader.Current.ToArray());

    /// <summary>A whole file: the header, then a record per row. Cells are written by <see cref="WriteCell"/>.</summary>
    public static byte[] Write(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows, CsvQuoting textQuoting = CsvQuoting.WhenNeeded)
    {
        using var buffer = new MemoryStream();
        using (var writer = CsvWriter.Create(buffer, WriteOptions, leaveOpen: true))
        {
            foreach (var name in header) writer.WriteField(name);
            writer.EndRecord();
            foreach (var row in rows)
            {
                foreach (var cell in row) WriteCell(writer, cell, textQuoting);
                writer.EndRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Text is protected against formulas (and quoted as asked); numbers and dates are written as themselves.</summary>
    private static void WriteCell(CsvWriter writer, object? value, CsvQuoting textQuoting)
    {
        switch (value)
        {
            case null: writer.WriteField(""); break;
            case string s: writer.WriteField(s, s.Length == 0 ? CsvQuoting.WhenNeeded : textQuoting); break;
            case int n: writer.WriteField(n, default); break;
            case long n: writer.WriteField(n, default); break;
            // Shares and rates: one decimal, the precision the dashboard shows.
            case double d: writer.WriteField(d, "0.0"); break;
            case decimal d: writer.WriteField(d, "0.0"); break;
            case DateOnly d: writer.WriteField(d, "yyyy-MM-dd"); break;
            case DateTimeOffset t: writer.WriteField(t, "yyyy-MM-dd HH:mm:ss"); break;
            default: writer.WriteField(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
        }
    }
}
