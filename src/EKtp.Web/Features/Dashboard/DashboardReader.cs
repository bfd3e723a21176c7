using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.FieldNodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Dashboard;

/// <summary>The dashboard's filters. No personal data, so they travel in the query string.</summary>
public sealed record DashboardFilter(DateOnly From, DateOnly To, string? Kecamatan)
{
    public string Query(string? kecamatan = "\0") =>
        $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}" + ((kecamatan == "\0" ? Kecamatan : kecamatan) is { Length: > 0 } k ? "&kecamatan=" + Uri.EscapeDataString(k) : "");
}

/// <summary>A region's coverage: people recorded (before the portal plus through it) of those who must hold a KTP-el.</summary>
public sealed record CoverageLine(string Code, string Name, int Covered, int WajibKtp, DateOnly? AsOf)
{
    public bool HasTarget => WajibKtp > 0;
    public double Percent => WajibKtp == 0 ? 0 : Math.Round(100.0 * Covered / WajibKtp, 1);
    public int Gap => Math.Max(0, WajibKtp - Covered);
}

/// <summary>A percentage cell (formatted with the culture in pages, plain in CSV).</summary>
public readonly record struct Percent(double Value);

/// <summary>One of the dashboard's tables: shown as HTML and downloadable as CSV from the same rows.</summary>
public sealed class DashboardTable
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public required string[] Headers { get; init; }
    public List<object?[]> Rows { get; } = [];
    /// <summary>A link for the first cell of a row (drill-down), by row index.</summary>
    public Dictionary<int, string> Links { get; } = [];
    public string? Note { get; init; }
}

public sealed record ChartData(string Id, string Type, string Label, string[] Labels, double[] Values, double? Max);

public sealed class DashboardView
{
    public required DashboardFilter Filter { get; init; }
    public required List<Region> Kecamatans { get; init; }
    public string? KecamatanName { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    public required CoverageLine Total { get; init; }
    public required List<DashboardTable> Tables { get; init; }
    public required List<ChartData> Charts { get; init; }
    /// <summary>Points whose recordings have waited for the district server longer than the setting allows.</summary>
    public List<string> UploadAlerts { get; init; } = [];
    public int UploadAlertDays { get; init; }
    public DashboardTable Table(string key) => Tables.Single(t => t.Key == key);
}

/// <summary>
/// Builds the dashboard from the rollup tables, the population targets, the service points and the disruptions —
/// a few small indexed queries whose size depends on regions, points and days, never on the number of residents.
/// </summary>
public sealed class DashboardReader(DashboardDatabase database, TimeProvider clock, IStringLocalizer<DashboardText> L, AppointmentWords words,
    Microsoft.Extensions.Options.IOptions<Infrastructure.TenantOptions> tenant, Microsoft.Extensions.Options.IOptions<DashboardOptions> options,
    RecordingUploads uploads, IFieldNodeStatus fieldNodes)
{
    public const int DefaultWeeks = 12;

    public DashboardFilter DefaultFilter(DateOnly? from, DateOnly? to, string? kecamatan)
    {
        var today = clock.Today();
        var end = to ?? today;
        var start = from ?? end.AddDays(-7 * DefaultWeeks + 1);
        if (start > end) (start, end) = (end, start);
        if (end.DayNumber - start.DayNumber > 3 * 366) start = end.AddDays(-3 * 366);
        return new DashboardFilter(start, end, string.IsNullOrWhiteSpace(kecamatan) ? null : kecamatan.Trim());
    }

    private EKtpDbContext db => database.Context;

    /// <summary>
    /// The whole dashboard from one repeatable-read snapshot (allowed on a hot standby): its figures and its "data as
    /// of" stamp come from the same moment of the same server, even while a standby replays the primary's changes.
    /// </summary>
    public async Task<DashboardView> ReadAsync(DashboardFilter filter, CancellationToken ct = default)
    {
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var view = await ReadSnapshotAsync(filter, ct);
        await snapshot.CommitAsync(ct);
        return view;
    }

    private async Task<DashboardView> ReadSnapshotAsync(DashboardFilter filter, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.District || r.Level == RegionLevel.Village).ToListAsync(ct);
        var kecamatans = regions.Where(r => r.Level == RegionLevel.District).OrderBy(r => r.Name).ToList();
        var kecamatan = kecamatans.FirstOrDefault(k => k.Code == filter.Kecamatan);
        if (kecamatan is null) filter = filter with { Kecamatan = null };
        var villages = regions.Where(r => r.Level == RegionLevel.Village).ToList();
        var nameOf = regions.ToDictionary(r => r.Code, r => r.Name);
        var coverage = await db.CoverageRollups.AsNoTracking().ToDictionaryAsync(c => c.RegionCode, ct);
        var points = await db.ServicePoints.AsNoTracking().OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        var scopePoints = points.Where(p => kecamatan is null || p.RegionCode == kecamatan.Code || p.Kind == ServicePointKind.MobileUnit).ToList();
        var prefix = kecamatan is null ? null : kecamatan.Code + ".";

        // Coverage per kecamatan: its own newest target if it has one, else the sum of its nagari's targets.
        CoverageLine KecamatanLine(Region k)
        {
            if (coverage.TryGetValue(k.Code, out var own)) return new(k.Code, k.Name, own.Covered, own.WajibKtp, own.AsOf);
            var parts = villages.Where(v => v.ParentCode == k.Code && coverage.ContainsKey(v.Code)).Select(v => coverage[v.Code]).ToList();
            return new(k.Code, k.Name, parts.Sum(p => p.Covered), parts.Sum(p => p.WajibKtp), parts.Count == 0 ? null : parts.Max(p => p.AsOf));
        }
        CoverageLine VillageLine(Region v) => coverage.TryGetValue(v.Code, out var c)
            ? new(v.Code, v.Name, c.Covered, c.WajibKtp, c.AsOf)
            : new(v.Code, v.Name, 0, 0, null);

        var scopeKecamatans = kecamatan is null ? kecamatans : [kecamatan];
        var lines = kecamatan is null
            ? kecamatans.Select(KecamatanLine).ToList()
            : villages.Where(v => v.ParentCode == kecamatan.Code).OrderBy(v => v.Name).Select(VillageLine).ToList();
        var kecLines = scopeKecamatans.Select(KecamatanLine).ToList();
        var total = kecamatan is null
            ? new CoverageLine(tenant.Value.RegencyCode, L["Seluruh kabupaten"], kecLines.Sum(l => l.Covered), kecLines.Sum(l => l.WajibKtp), null)
            : kecLines[0];

        var tables = new List<DashboardTable>();
        var charts = new List<ChartData>();

        var coverageTable = new DashboardTable
        {
            Key = "coverage",
            Title = kecamatan is null ? L["Cakupan per kecamatan"] : string.Format(CultureInfo.CurrentCulture, L["Cakupan per nagari di Kecamatan {0}"], kecamatan.Name),
            Headers = [kecamatan is null ? L["Kecamatan"] : L["Nagari"], L["Cakupan"], L["Sudah direkam"], L["Wajib KTP"], L["Persen"], L["Kekurangan (orang)"], L["Target per"]],
            Note = L["Cakupan = sudah direkam sebelum portal (target terbaru) + perekaman baru lewat portal sejak tanggal target, dibagi wajib KTP."],
        };
        foreach (var line in lines)
        {
            if (kecamatan is null) coverageTable.Links[coverageTable.Rows.Count] = "/dashboard?" + filter.Query(line.Code);
            coverageTable.Rows.Add([line.Name, line.HasTarget ? CoverageText(line) : L["belum ada target"].Value, line.Covered, line.WajibKtp,
                new Percent(line.Percent), line.Gap, line.AsOf]);
        }
        coverageTable.Rows.Add([L["Jumlah"].Value, total.HasTarget ? CoverageText(total) : L["belum ada target"].Value, total.Covered, total.WajibKtp,
            new Percent(total.Percent), total.Gap, null]);
        tables.Add(coverageTable);
        charts.Add(new("chart-coverage", "bar", L["Cakupan (%)"], lines.Select(l => l.Name).ToArray(), lines.Select(l => l.Percent).ToArray(), 100));

        // Coverage over time: today's figure minus the first recordings made after each week's end.
        var asOfByVillage = new Dictionary<string, DateOnly>();
        foreach (var k in scopeKecamatans)
        {
            var own = coverage.GetValueOrDefault(k.Code);
            foreach (var v in villages.Where(v => v.ParentCode == k.Code))
            {
                if (own is not null) asOfByVillage[v.Code] = own.AsOf;
                else if (coverage.TryGetValue(v.Code, out var c)) asOfByVillage[v.Code] = c.AsOf;
            }
        }
        var recent = await db.RecordingRollups.AsNoTracking()
            .Where(r => r.Day > filter.From && r.NewRecorded > 0 && (prefix == null || r.VillageCode.StartsWith(prefix)))
            .GroupBy(r => new { r.VillageCode, r.Day })
            .Select(g => new { g.Key.VillageCode, g.Key.Day, N = g.Sum(x => x.NewRecorded) })
            .ToListAsync(ct);
        var counted = recent.Where(r => asOfByVillage.TryGetValue(r.VillageCode, out var asOf) && r.Day > asOf).ToList();
        var weekly = new DashboardTable
        {
            Key = "weekly", Title = L["Cakupan per minggu"],
            Headers = [L["Minggu berakhir"], L["Sudah direkam"], L["Wajib KTP"], L["Persen"], L["Perekaman baru minggu itu"]],
        };
        var weekEnds = new List<DateOnly>();
        for (var end = filter.From.AddDays(6); ; end = end.AddDays(7))
        {
            weekEnds.Add(end < filter.To ? end : filter.To);
            if (end >= filter.To) break;
        }
        var previous = filter.From.AddDays(-1);
        foreach (var end in weekEnds)
        {
            var covered = total.Covered - counted.Where(r => r.Day > end).Sum(r => r.N);
            var inWeek = counted.Where(r => r.Day > previous && r.Day <= end).Sum(r => r.N);
            var pct = total.WajibKtp == 0 ? 0 : Math.Round(100.0 * covered / total.WajibKtp, 1);
            weekly.Rows.Add([end, covered, total.WajibKtp, new Percent(pct), inWeek]);
            previous = end;
        }
        tables.Add(weekly);
        charts.Add(new("chart-weekly", "line", L["Cakupan (%)"], weekEnds.Select(d => d.ToString("d MMM", CultureInfo.CurrentCulture)).ToArray(),
            weekly.Rows.Select(r => ((Percent)r[3]!).Value).ToArray(), null));

        // Cards held back, from the current status counts.
        var cardCounts = await db.CardStatusCounts.AsNoTracking()
            .Where(c => c.Cards > 0 && (prefix == null || c.VillageCode.StartsWith(prefix)))
            .GroupBy(c => new { c.VillageCode, c.Status })
            .Select(g => new { g.Key.VillageCode, g.Key.Status, N = g.Sum(x => x.Cards) })
            .ToListAsync(ct);
        var cards = new DashboardTable
        {
            Key = "cards", Title = L["Kartu yang tertahan"],
            Headers = [kecamatan is null ? L["Kecamatan"] : L["Nagari"], L["Direkam, belum dicetak"], L["Menunggu di PRR"], L["Dicetak, belum diambil"], L["Suket beredar"], L["Gagal atau ganda"]],
            Note = L["Direkam, belum dicetak: direkam atau dikirim ke pusat. Dicetak, belum diambil: dicetak atau sudah di tempat pengambilan."],
        };
        var cardGroups = kecamatan is null
            ? kecamatans.Select(k => (k.Name, Match: (Func<string, bool>)(v => v.StartsWith(k.Code + ".")))).ToList()
            : villages.Where(v => v.ParentCode == kecamatan.Code).OrderBy(v => v.Name).Select(v => (v.Name, Match: (Func<string, bool>)(x => x == v.Code))).ToList();
        cardGroups.Add((L["Tanpa nagari"].Value, v => v == ""));
        var sums = new int[5];
        foreach (var (name, match) in cardGroups)
        {
            int Sum(params CardStatus[] s) => cardCounts.Where(c => match(c.VillageCode) && s.Contains(c.Status)).Sum(c => c.N);
            int[] row = [Sum(CardStatus.Recorded, CardStatus.SentForEnrollment), Sum(CardStatus.PrintReady), Sum(CardStatus.Printed, CardStatus.AtCollectionPoint),
                Sum(CardStatus.SuketIssued), Sum(CardStatus.EnrollmentFailed, CardStatus.DuplicateRecord)];
            if (name == L["Tanpa nagari"].Value && row.All(n => n == 0)) continue;
            for (var i = 0; i < 5; i++) sums[i] += row[i];
            cards.Rows.Add([name, row[0], row[1], row[2], row[3], row[4]]);
        }
        cards.Rows.Add([L["Jumlah"].Value, sums[0], sums[1], sums[2], sums[3], sums[4]]);
        tables.Add(cards);

        var (uploadTable, uploadAlerts) = await UploadsAsync(scopePoints, ct);
        tables.Add(uploadTable);

        // Card-blank stock per point that prints.
        var stock = await db.BlankStockRollups.AsNoTracking().GroupBy(b => b.ServicePointId)
            .Select(g => new { PointId = g.Key, Received = g.Sum(x => x.Received), Used = g.Sum(x => x.Used), Spoiled = g.Sum(x => x.Spoiled) })
            .ToDictionaryAsync(s => s.PointId, ct);
        var stockTable = new DashboardTable
        {
            Key = "stock", Title = L["Stok blanko per tempat layanan"],
            Headers = [L["Tempat layanan"], L["Diterima"], L["Dipakai"], L["Rusak"], L["Sisa"], L["Keterangan"]],
        };
        foreach (var p in scopePoints.Where(p => p.CanPrint || stock.ContainsKey(p.Id)))
        {
            var s = stock.GetValueOrDefault(p.Id);
            var left = (s?.Received ?? 0) - (s?.Used ?? 0) - (s?.Spoiled ?? 0);
            stockTable.Rows.Add([p.Name, s?.Received ?? 0, s?.Used ?? 0, s?.Spoiled ?? 0, left,
                left < p.BlankStockWarningThreshold ? L["Di bawah batas ({0})", p.BlankStockWarningThreshold].Value : ""]);
        }
        tables.Add(stockTable);

        // Bookings in the period.
        var bookings = await db.BookingRollups.AsNoTracking().Where(b => b.Day >= filter.From && b.Day <= filter.To)
            .GroupBy(b => b.ServicePointId)
            .Select(g => new { PointId = g.Key, Booked = g.Sum(x => x.Booked), Shown = g.Sum(x => x.Shown), NoShow = g.Sum(x => x.NoShow), Cancelled = g.Sum(x => x.Cancelled) })
            .ToDictionaryAsync(b => b.PointId, ct);
        var bookingTable = new DashboardTable
        {
            Key = "bookings", Title = L["Janji temu per tempat layanan"],
            Headers = [L["Tempat layanan"], L["Janji"], L["Datang"], L["Tidak datang"], L["Tingkat kehadiran"], L["Dibatalkan"]],
            Note = L["Tingkat kehadiran = datang ÷ (datang + tidak datang)."],
        };
        foreach (var p in scopePoints)
        {
            var b = bookings.GetValueOrDefault(p.Id);
            var decided = (b?.Shown ?? 0) + (b?.NoShow ?? 0);
            bookingTable.Rows.Add([p.Name, b?.Booked ?? 0, b?.Shown ?? 0, b?.NoShow ?? 0,
                decided == 0 ? null : new Percent(Math.Round(100.0 * b!.Shown / decided, 1)), b?.Cancelled ?? 0]);
        }
        tables.Add(bookingTable);

        // Disruptions over the last 30 days: a few rows per point, read as they are.
        var now = clock.GetUtcNow();
        var since = now.AddDays(-30);
        var scopeIds = scopePoints.Select(p => p.Id).ToList();
        var disruptions = await db.Disruptions.AsNoTracking()
            // Administrative records (a cancelled mobile stop, an admin's schedule change) are no outage hours.
            .Where(Disruption.IsOutage)
            .Where(d => d.StartsAt < now && (d.EndedAt == null || d.EndedAt > since) && scopeIds.Contains(d.ServicePointId))
            .Select(d => new { d.ServicePointId, d.Kind, d.StartsAt, d.EndedAt }).ToListAsync(ct);
        var disruptionTable = new DashboardTable
        {
            Key = "disruptions", Title = L["Jam gangguan 30 hari terakhir"],
            Headers = [L["Tempat layanan"], L["Jenis gangguan"], L["Kejadian"], L["Jam"]],
        };
        foreach (var g in disruptions.GroupBy(d => (d.ServicePointId, d.Kind)).OrderBy(g => points.First(p => p.Id == g.Key.ServicePointId).Name).ThenBy(g => g.Key.Kind))
        {
            var hours = g.Sum(d => ((d.EndedAt ?? now) < now ? d.EndedAt ?? now : now).Subtract(d.StartsAt > since ? d.StartsAt : since).TotalHours);
            disruptionTable.Rows.Add([points.First(p => p.Id == g.Key.ServicePointId).Name, words.Of(g.Key.Kind), g.Count(), Math.Round(Math.Max(0, hours), 1)]);
        }
        tables.Add(disruptionTable);

        // Mobile-unit visits in the period and the people recorded on them.
        var today = clock.Today();
        var lastDay = filter.To < today ? filter.To : today;
        var mobileIds = points.Where(p => p.Kind == ServicePointKind.MobileUnit).Select(p => p.Id).ToList();
        var stops = await db.MobileStops.AsNoTracking()
            .Where(s => s.Status == MobileStopStatus.Planned && s.Date >= filter.From && s.Date <= lastDay
                        && (prefix == null || s.VillageCode.StartsWith(prefix)))
            .Select(s => new { s.ServicePointId, s.Date, s.VillageCode }).ToListAsync(ct);
        var mobileRecorded = await db.RecordingRollups.AsNoTracking()
            .Where(r => mobileIds.Contains(r.ServicePointId) && r.Day >= filter.From && r.Day <= lastDay)
            .Select(r => new { r.ServicePointId, r.Day, r.VillageCode, r.Recorded }).ToListAsync(ct);
        var recordedOn = mobileRecorded.GroupBy(r => (r.ServicePointId, r.Day, r.VillageCode)).ToDictionary(g => g.Key, g => g.Sum(r => r.Recorded));
        var mobileTable = new DashboardTable
        {
            Key = "mobile", Title = L["Kunjungan mobil keliling"],
            Headers = [L["Unit"], L["Kunjungan"], L["Orang direkam"], L["Rata-rata per kunjungan"]],
        };
        foreach (var unit in points.Where(p => p.Kind == ServicePointKind.MobileUnit))
        {
            var visits = stops.Where(s => s.ServicePointId == unit.Id).DistinctBy(s => (s.Date, s.VillageCode)).ToList();
            var people = visits.Sum(v => recordedOn.GetValueOrDefault((unit.Id, v.Date, v.VillageCode)));
            mobileTable.Rows.Add([unit.Name, visits.Count, people, visits.Count == 0 ? null : Math.Round((double)people / visits.Count, 1)]);
        }
        tables.Add(mobileTable);

        // Where the mobile units should go next: the nagari furthest from full coverage.
        var suggestions = new DashboardTable
        {
            Key = "suggestions", Title = L["Usulan kunjungan mobil keliling berikutnya"],
            Headers = [L["Nagari"], L["Kecamatan"], L["Cakupan"], L["Kekurangan (orang)"]],
            Note = L["Nagari dengan cakupan terendah (yang punya target sendiri)."],
        };
        foreach (var v in villages.Where(v => prefix == null || v.Code.StartsWith(prefix)).Select(v => (Region: v, Line: VillageLine(v)))
                     .Where(x => x.Line.HasTarget).OrderBy(x => x.Line.Percent).ThenByDescending(x => x.Line.Gap).Take(5))
            suggestions.Rows.Add([v.Region.Name, nameOf.GetValueOrDefault(v.Region.ParentCode ?? "", ""), CoverageText(v.Line), v.Line.Gap]);
        tables.Add(suggestions);

        return new DashboardView
        {
            Filter = filter, Kecamatans = kecamatans, KecamatanName = kecamatan?.Name,
            DataAsOf = await RollupJob.DataAsOfAsync(db, ct), Total = total, Tables = tables, Charts = charts,
            UploadAlerts = uploadAlerts, UploadAlertDays = options.Value.RecordingUploadAlertDays,
        };
    }

    /// <summary>
    /// Recordings not yet acknowledged by the district server, per point, read live (they are few, from a partial
    /// index): those this database holds on their way, and field nodes silent for long, whose recordings since their
    /// last contact the hub cannot know (decision 1210).
    /// </summary>
    private async Task<(DashboardTable Table, List<string> Alerts)> UploadsAsync(List<ServicePoint> scopePoints, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var days = options.Value.RecordingUploadAlertDays;
        var limit = now.AddDays(-days);
        var backlog = (await uploads.BacklogAsync(ct)).ToDictionary(b => b.ServicePointId);
        var nodes = (await fieldNodes.ReadHubAsync(ct)).ToLookup(n => n.PointCode);
        var table = new DashboardTable
        {
            Key = "uploads", Title = L["Perekaman belum diterima dinas"],
            Headers = [L["Tempat layanan"], L["Belum diterima"], L["Gagal"], L["Tertua"], L["Kontak terakhir node"], L["Keterangan"]],
            Note = L["Perekaman di kantor kecamatan atau mobil keliling yang belum sampai dan diakui server dinas. Peringatan setelah {0} hari.", days],
        };
        var alerts = new List<string>();
        foreach (var p in scopePoints)
        {
            var b = backlog.GetValueOrDefault(p.Id);
            var lastContact = nodes[p.Code].Max(n => n.LastContactAt);
            var hasNode = nodes[p.Code].Any();
            if (b is null && !hasNode) continue;
            var late = b is not null && b.OldestRecordedAt < limit;
            var silent = hasNode && (lastContact is null || lastContact < limit);
            if (late || silent) alerts.Add(p.Name);
            table.Rows.Add([p.Name, b?.Waiting ?? 0, b?.Failed ?? 0, b is null ? null : WibText.Stamp(b.OldestRecordedAt),
                lastContact is { } c ? WibText.Stamp(c) : hasNode ? L["belum pernah"].Value : null,
                late ? L["Ada yang lebih dari {0} hari", days].Value : silent ? L["Node tidak menghubungi dinas lebih dari {0} hari", days].Value : ""]);
        }
        return (table, alerts);
    }

    public string CoverageText(CoverageLine line) =>
        string.Format(CultureInfo.CurrentCulture, L["{0:N0} dari {1:N0} ({2:0.0} %)"], line.Covered, line.WajibKtp, line.Percent);

    /// <summary>A cell as text: numbers with the reader's culture on the page, invariant in CSV.</summary>
    public static string Cell(object? value, IFormatProvider culture) => value switch
    {
        null => "",
        int n => n.ToString("N0", culture),
        double d => d.ToString("0.0", culture),
        Percent p => p.Value.ToString("0.0", culture) + " %",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A cell for CSV: a share as its plain number; <see cref="Infrastructure.Csv"/> formats the rest.</summary>
    public static object? CsvCell(object? value) => value is Percent p ? p.Value : value;
}
