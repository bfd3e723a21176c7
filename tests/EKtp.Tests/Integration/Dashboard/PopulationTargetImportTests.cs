using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Integration.Dashboard;

[Collection(StaffDatabaseCollection.Name)]
public class PopulationTargetImportTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const string GoodCsv = """
        kode_wilayah,wajib_ktp,sudah_direkam,per_tanggal
        13.08.04,18250,14900,2027-01-31
        13.08.04.2001,3120,2540,2027-01-31
        13.08.05.2002,2000,1500,2026-12-31
        """;

    private async Task<PageClient> AdminAsync()
    {
        var client = NewClient();
        await client.SignInAsync(await App.CreateAsync(Roles.Admin, email: "admin.target@ektp.test"));
        return client;
    }

    [Fact]
    public async Task A_good_file_is_previewed_then_imported_with_who_and_when()
    {
        using var client = await AdminAsync();
        var index = await client.GetAsync("/admin/population-targets");

        var preview = await client.FollowAsync(await client.SubmitAsync(index, "#upload-form", new Dictionary<string, string> { ["csv"] = GoodCsv }));
        Assert.NotNull(preview.Document.QuerySelector("#preview-ok"));
        Assert.Equal(3, preview.Document.QuerySelectorAll("#preview tbody tr").Length);
        Assert.Equal(0, await App.WithDbAsync(db => db.PopulationTargets.CountAsync()));

        var imported = await client.SubmitAsync(preview, "#import-form");

        AssertRedirect(imported, "/admin/population-targets");
        var targets = await App.WithDbAsync(db => db.PopulationTargets.OrderBy(t => t.RegionCode).ToListAsync());
        Assert.Equal(["13.08.04", "13.08.04.2001", "13.08.05.2002"], targets.Select(t => t.RegionCode));
        Assert.Equal((18250, 14900, new DateOnly(2027, 1, 31)), (targets[0].WajibKtp, targets[0].RecordedBefore, targets[0].AsOf));
        var import = await App.WithDbAsync(db => db.PopulationTargetImports.SingleAsync());
        Assert.All(targets, t => Assert.Equal(import.Id, t.ImportId));
        Assert.Equal("admin.target@ektp.test", import.ImportedByName);
        Assert.Equal(App.Clock.GetUtcNow(), import.ImportedAt);
        var after = await client.FollowAsync(imported);
        Assert.Contains("3 target penduduk diimpor.", after.Text);
        Assert.Contains("admin.target@ektp.test", after.Document.QuerySelector("#imports")!.TextContent);
    }

    [Fact]
    public async Task A_bad_file_lists_the_error_of_each_row_and_imports_nothing()
    {
        using var client = await AdminAsync();
        var index = await client.GetAsync("/admin/population-targets");
        const string bad = """
            13.08.04,18250,14900,2027-01-31
            13.99.99,1000,500,2027-01-31
            13.08.04.2001,-5,0,2027-01-31
            13.08.04.2002,banyak,10,2027-01-31
            13.08.04.2003,100,150,2027-01-31
            13.08.04,18250,14900,2027-01-31
            13.08.04.2004,100,50,31/01/2027
            13.08.04.2007,100
            """;

        var preview = await client.FollowAsync(await client.SubmitAsync(index, "#upload-form", new Dictionary<string, string> { ["csv"] = bad }));

        Assert.NotNull(preview.Document.QuerySelector("#preview-errors"));
        Assert.Null(preview.Document.QuerySelector("#import-form"));
        string ErrorsOf(int line) => preview.Document.QuerySelector($"#preview tr[data-line='{line}'] .row-errors")!.TextContent;
        Assert.Equal("", ErrorsOf(1).Trim());
        Assert.Contains("Kode wilayah tidak dikenal: 13.99.99", ErrorsOf(2));
        Assert.Contains("Wajib KTP harus bilangan bulat, bukan negatif.", ErrorsOf(3));
        Assert.Contains("Wajib KTP harus bilangan bulat, bukan negatif.", ErrorsOf(4));
        Assert.Contains("Sudah direkam melebihi wajib KTP.", ErrorsOf(5));
        Assert.Contains("Baris ganda: wilayah dan tanggal sama dengan baris 1.", ErrorsOf(6));
        Assert.Contains("Tanggal harus berformat", ErrorsOf(7));
        Assert.Contains("4 kolom", ErrorsOf(8));

        // Posting the same file straight to the import address changes nothing either.
        var forced = await client.PostAsync("/admin/population-targets/import", index, new Dictionary<string, string> { ["fileName"] = "x.csv", ["csv"] = bad });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.PopulationTargets.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.PopulationTargetImports.CountAsync()));
    }

    [Fact]
    public async Task An_uploaded_file_is_read_and_a_target_already_imported_is_refused()
    {
        await App.WithDbAsync(async db =>
        {
            db.PopulationTargets.Add(DashboardFixture.Target("13.08.05.2002", 2000, 1500, new(2026, 12, 31)));
            await db.SaveChangesAsync();
        });
        using var client = await AdminAsync();
        var index = await client.GetAsync("/admin/population-targets");
        var token = index.Document.QuerySelector("#upload-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(GoodCsv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "target-2027.csv");

        var preview = await PageClient.ReadAsync(await client.Http.PostAsync("/admin/population-targets/preview", form));

        Assert.Contains("target-2027.csv", preview.Text);
        Assert.Contains("Target wilayah ini untuk tanggal ini sudah pernah diimpor.",
            preview.Document.QuerySelector("#preview tr[data-line='4'] .row-errors")!.TextContent);
        Assert.Null(preview.Document.QuerySelector("#import-form"));
    }

    [Fact]
    public async Task An_empty_submission_says_what_to_do()
    {
        using var client = await AdminAsync();
        var index = await client.GetAsync("/admin/population-targets");
        var page = await client.FollowAsync(await client.SubmitAsync(index, "#upload-form"));
        Assert.Contains("Pilih berkas CSV", page.FieldError("file"));
    }
}
