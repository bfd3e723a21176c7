using System.Text;
using EKtp.Web.Infrastructure;

namespace EKtp.Tests.Unit;

public class CsvTests
{
    private static string Text(byte[] file) => Encoding.UTF8.GetString(file).TrimStart('\uFEFF');

    [Fact]
    public void Quoted_fields_with_commas_quotes_and_line_breaks_round_trip()
    {
        string[] header = ["name", "note"];
        var file = Csv.Write(header, [new object?[] { "Tahun Baru, Masehi", "kata \"libur\"\nbaris dua" }]);

        var lines = Csv.Read(Text(file)).ToList();

        Assert.Equal(["name", "note"], lines[0].Fields);
        Assert.Equal(["Tahun Baru, Masehi", "kata \"libur\"\nbaris dua"], lines[1].Fields);
        Assert.Equal(2, lines[1].Line);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+62812")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public void A_text_cell_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(string cell)
    {
        var file = Text(Csv.Write(["x"], [new object?[] { cell }]));

        var read = Csv.Read(file).Last();
        Assert.Equal("'" + cell, read.Fields[0]);
    }

    [Fact]
    public void Numbers_and_dates_are_written_as_themselves_not_as_text()
    {
        var file = Text(Csv.Write(["n", "share", "date"], [new object?[] { -5, 71.06, new DateOnly(2027, 1, 31) }]));

        Assert.Equal("n,share,date\n-5,71.1,2027-01-31\n", file);
    }

    [Fact]
    public void Files_from_spreadsheets_are_read_whatever_their_separator_and_quoting()
    {
        var semicolons = Csv.Read("\uFEFFkode;wajib\n\n 13.08.04 ; \"1.000\"\n").ToList();
        var commas = Csv.Read("13.08.04,\"Bonjol, kota\"\r\n").ToList();

        Assert.Equal(["13.08.04", "1.000"], semicolons[1].Fields);
        Assert.Equal(3, semicolons[1].Line);
        Assert.Equal(["13.08.04", "Bonjol, kota"], commas[0].Fields);
    }
}
