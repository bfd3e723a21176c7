using EKtp.Tests.Browser.Pages;
using EKtp.Tests.Integration.SchoolDrives;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace EKtp.Tests.Browser;

/// <summary>Issue 15, A2: an admin plans a school drive, imports the school's list, and a student is recorded.</summary>
[Collection(BrowserCollection.Name)]
public class SchoolDriveJourneyTests(KestrelAppFactory app, BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_plans_a_school_drive_imports_the_students_and_records_one()
    {
        await app.ResetAsync();
        await app.WithDbAsync(async db =>
        {
            var unit = await db.ServicePoints.SingleAsync(p => p.Code == "mobil-1");
            db.MobileStops.Add(new MobileStop
            {
                ServicePointId = unit.Id, Date = SchoolDriveTests.Today, VillageCode = SchoolDriveTests.Nagari, Place = "Halaman SMA Negeri 1",
                Start = new(8, 0), End = new(14, 0),
            });
            await db.SaveChangesAsync();
        });
        var admin = await app.CreateAsync(Roles.Admin);

        await using var journey = await browser.NewJourneyAsync(app.BaseAddress, "school-drive-journey", phone: false);
        var page = journey.Page;
        await new StaffSignInPage(page).SignInAsync(admin.Email!);
        await page.GotoAsync("/admin/school-drives");
        await page.GetByLabel("Nama sekolah").FillAsync("SMA Negeri 1 Lubuk Sikaping");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ClickAndWaitForPageAsync("form.school-drive-form button[type=submit]");
        Assert.Contains("SMA Negeri 1 Lubuk Sikaping", await page.Locator("h1").InnerTextAsync());

        await page.GetByLabel("atau tempelkan isinya").FillAsync(
            $"nik,nama,tanggal_lahir,nagari\n{SchoolDriveTests.NikBornOn(new(2010, 6, 15), 41)},Rani Putri,2010-06-15,\n" +
            $"{SchoolDriveTests.NikBornOn(new(2010, 9, 1), 42)},Fajar Hidayat,2010-09-01,13.08.05.2002");
        await page.ClickAndWaitForPageAsync("form.student-import-form button[type=submit]");
        Assert.Contains("2 siswa diimpor", await page.Locator(".alert-success").InnerTextAsync());
        Assert.Equal(2, await page.Locator("#students tbody tr").CountAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.ClickAndWaitForPageAsync("text=Buka halaman perekaman siswa");
        await page.Locator("#students tr", new() { HasText = "Rani Putri" }).Locator("form.record-form button").ClickAsync();
        await page.WaitForSelectorAsync(".alert-success");
        Assert.Contains("Rani Putri: perekaman tercatat", await page.Locator(".alert-success").InnerTextAsync());
        Assert.Contains("Sudah direkam", await page.Locator("#students tr", new() { HasText = "Rani Putri" }).InnerTextAsync());
        Assert.Contains("1 sudah direkam", await page.Locator("#drive-summary").InnerTextAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "school-drive-recorded");
        journey.Passed();
    }
}
