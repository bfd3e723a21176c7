using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.SchoolDrives;

/// <summary>One line of a school's list as read, with what is wrong with it; the NIK only masked (the page shows this).</summary>
public sealed record StudentImportRow(int Line, string MaskedNik, string Name, List<string> Errors);

public sealed record StudentImportResult(IReadOnlyList<StudentImportRow> Rows, IReadOnlyList<string> FileErrors, int Imported)
{
    public bool Ok => Imported > 0;
}

/// <summary>
/// Imports a school's list of students into a school drive (issue 15, A2): <c>nik, nama, tanggal lahir (TTTT-BB-HH),
/// kode nagari (optional)</c>, a header line allowed, read with the portal's one CSV reader (CsvHelper, decision 1121).
/// Every row is checked — a valid NIK whose birth date is the one given, a name, a student who is 16 on the day of the
/// drive and 17 by the end of its year, not twice in the file nor already on the list, never recorded before (no
/// card yet), a nagari of the regency — and the rows are imported all in one SaveChanges, or none when any row has an
/// error (decision 1535). NIKs are hashed and sealed as everywhere; nothing of a row reaches a log.
/// </summary>
public sealed class ImportStudents(EKtpDbContext db, PersonalDataProtector protector, TimeProvider clock, IStringLocalizer<SchoolDriveText> L)
{
    public const int MaxRows = 2000;
    public const int MinimumAgeOnTheDay = 16;

    public async Task<StudentImportResult> ImportAsync(SchoolDrive drive, string csv, CancellationToken ct = default)
    {
        var stop = drive.MobileStop!;
        var endOfYear = new DateOnly(stop.Date.Year, 12, 31);
        var lines = Csv.Read(csv).ToList();
        if (lines.Count > 0 && lines[0].Fields[0].Length > 0 && char.IsLetter(lines[0].Fields[0][0])) lines.RemoveAt(0);
        var fileErrors = new List<string>();
        if (lines.Count == 0) fileErrors.Add(L["Berkas tidak berisi baris siswa."]);
        if (lines.Count > MaxRows) fileErrors.Add(L["Berkas berisi lebih dari {0} baris.", MaxRows]);
        if (fileErrors.Count > 0) return new([], fileErrors, 0);

        var villages = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync(ct);
        var villageSet = villages.ToHashSet();
        var today = clock.Today();
        var parsed = lines.Select(l => (Line: l, Problem: Nik.Check(l[0].Trim('\''), today, out var nik), Nik: nik)).ToList();
        var hashes = parsed.Where(p => p.Problem == NikProblem.None).Select(p => protector.Hash(p.Nik.Value)).ToList();
        var listed = (await db.SchoolDriveStudents.AsNoTracking().Where(s => s.SchoolDriveId == drive.Id && hashes.Contains(s.NikHash))
            .Select(s => s.NikHash).ToListAsync(ct)).Select(Convert.ToBase64String).ToHashSet();
        var carded = (await db.Cards.AsNoTracking().Where(c => hashes.Contains(c.NikHash)).Select(c => c.NikHash).ToListAsync(ct))
            .Select(Convert.ToBase64String).ToHashSet();

        var rows = new List<StudentImportRow>();
        var students = new List<SchoolDriveStudent>();
        var seen = new Dictionary<string, int>();
        foreach (var (line, problem, nik) in parsed)
        {
            var errors = new List<string>();
            var name = line[1].Trim();
            if (line.Fields.Length is < 3 or > 4)
            {
                rows.Add(new(line.Line, Masking.MaskIdNumber(line[0]), name, [L["Baris harus berisi 3 atau 4 kolom: NIK, nama, tanggal lahir, kode nagari (boleh kosong)."]]));
                continue;
            }
            if (problem != NikProblem.None) errors.Add(L["NIK tidak sah (harus 16 angka yang benar)."]);
            if (name.Length == 0) errors.Add(L["Nama siswa kosong."]);
            else if (name.Length > 120) errors.Add(L["Nama paling banyak 120 karakter."]);
            var birthOk = DateOnly.TryParseExact(line[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth);
            if (!birthOk) errors.Add(L["Tanggal lahir harus berformat TTTT-BB-HH, misalnya 2010-05-17."]);
            else
            {
                if (problem == NikProblem.None && nik.BirthDate != birth) errors.Add(L["Tanggal lahir tidak sama dengan tanggal lahir di NIK."]);
                if (Eligibility.AgeOn(birth, stop.Date) < MinimumAgeOnTheDay)
                    errors.Add(L["Belum berusia {0} tahun pada hari perekaman ({1}).", MinimumAgeOnTheDay, WibText.Date(stop.Date)]);
                else if (CardTransitions.SeventeenthBirthday(birth) > endOfYear)
                    errors.Add(L["Tidak berusia 17 tahun dalam tahun {0}.", stop.Date.Year]);
            }
            var village = line[3].Length == 0 ? stop.VillageCode : line[3];
            if (!villageSet.Contains(village)) errors.Add(L["Kode nagari tidak dikenal: {0}.", village]);
            if (problem == NikProblem.None)
            {
                var hash = protector.Hash(nik.Value);
                var key = Convert.ToBase64String(hash);
                if (seen.TryGetValue(key, out var first)) errors.Add(L["NIK sama dengan baris {0}.", first]);
                else seen[key] = line.Line;
                if (listed.Contains(key)) errors.Add(L["Siswa dengan NIK ini sudah ada di daftar."]);
                if (carded.Contains(key)) errors.Add(L["NIK ini sudah pernah direkam (sudah ada kartunya); bukan pemula."]);
                if (errors.Count == 0)
                    students.Add(new SchoolDriveStudent
                    {
                        SchoolDriveId = drive.Id, NikHash = hash, NikCipher = protector.Encrypt(nik.Value), FullName = name, BirthDate = birth,
                        VillageCode = village, Line = line.Line,
                    });
            }
            rows.Add(new(line.Line, problem == NikProblem.None ? nik.Masked : Masking.MaskIdNumber(line[0]), name, errors));
        }
        if (rows.Any(r => r.Errors.Count > 0)) return new(rows, [], 0);
        db.SchoolDriveStudents.AddRange(students);
        // One SaveChanges, one transaction: a student another admin imported a moment ago trips the unique index, and
        // nothing is kept.
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return new(rows, [L["Daftar baru saja diubah petugas lain; tidak ada yang diimpor. Coba lagi."]], 0);
        }
        return new(rows, [], students.Count);
    }
}
