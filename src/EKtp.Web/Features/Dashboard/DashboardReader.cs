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

/// <summary>A chart's data; <see cref="Summary"/> is its text alternative, shown beside it with or without JavaScript.</summary>
public sealed record ChartData(string Id, string Type, string Label, string[] Labels, double[] Values, double? Max)
{
    /// <summary>One colour per bar (by coverage band), or none for the default colour.</summary>
    public string[]? Colors { get; init; }
    /// <summary>The coverage target, drawn as a line across the chart.</summary>
    public double? Target { get; init; }
    public string? TargetLabel { get; init; }
    public string Summary { get; init; } = "";
}

/// <summary>Where a region stands against the coverage target (<see cref="DashboardOptions.CoverageTargetPercent"/>).</summary>
public enum CoverageBand { NoTarget, Low, Below, Met }

/// <summary>A band cell: shown as a coloured label with its words (colour is never the only sign), plain words in CSV.</summary>
public readonly record struct BandCell(CoverageBand Band, string Text);

/// <summary>
/// What needs action today, at the top of the dashboard: service points open, disrupted, working offline; residents
/// waiting in today's queues; cards recorded more than <see cref="DashboardOptions.CardStuckDays"/> days ago and not
/// printed yet; printing points short of blanks. Each links to where the detail is.
/// </summary>
public sealed record DashboardToday(int PointsOpen, int PointsDisrupted, int PointsOffline, int PointsClosed, int QueueWaiting, int QueuesWithWaiting,
    int CardsStuck, int CardStuckDays, IReadOnlyList<string> PointsShortOfBlanks, IReadOnlyList<string> DisruptedNames, IReadOnlyList<string> OfflineNames);

public sealed class DashboardView
{
    public required DashboardFilter Filter { get; init; }
    public required IReadOnlyList<Region> Kecamatans { get; init; }
    public string? KecamatanName { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    public required CoverageLine Total { get; init; }
    public List<DashboardTable> Tables { get; } = [];
    public List<ChartData> Charts { get; } = [];
    /// <summary>Null when only one figure was read (its CSV).</summary>
    public DashboardToday? Today { get; set; }
    /// <summary>Points whose recordings have waited for the district server longer than the setting allows.</summary>
    public List<string> UploadAlerts { get; set; } = [];
    public int UploadAlertDays { get; init; }
    public double CoverageTarget { get; init; }
    public DashboardTable Table(string key) => Tables.Single(t => t.Key == key);
    public ChartData? Chart(string id) => Charts.FirstOrDefault(c => c.Id == id);
}

/// <summary>
/// Builds the dashboard from the rollup tables, the population targets, the service points and the disruptions —
/// a few small indexed queries whose size depends on regions, points and days, never on the number of residents.
/// Each figure (table, with its chart) is built by its own method from a small shared scope, so a figure's CSV reads
/// only what that figure needs (decision 1532).
/// </summary>
public sealed class DashboardReader(DashboardDatabase database, TimeProvider clock, IStringLocalizer<DashboardText> L, AppointmentWords words,
    Microsoft.Extensions.Options.IOptions<Infrastructure.TenantOptions> tenant, Microsoft.Extensions.Options.IOptions<DashboardOptions> options,
    RecordingUploads uploads, IFieldNodeStatus fieldNodes, ServiceStatus.ServiceStatusReader serviceStatus)
{
    public const int DefaultWeeks = 12;

    /// <summary>The figures in page order; each is also a CSV at <c>/dashboard/csv/{key}</c>.</summary>
    public static readonly IReadOnlyList<string> FigureKeys =
        ["coverage", "weekly", "cards", "pemula", "uploads", "stock", "bookings", "disruptions", "mobile", "suggestions"];

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
    public Task<DashboardView> ReadAsync(DashboardFilter filter, CancellationToken ct = default) => ReadAsync(filter, null, ct);

    /// <summary>One figure only (<paramref name="only"/>, a key of <see cref="FigureKeys"/>), or all of them and the today strip.</summary>
    public async Task<DashboardView> ReadAsync(DashboardFilter filter, string? only, CancellationToken ct = default)
    {
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var scope = await ScopeAsync(filter, ct);
        var view = new DashboardView
        {
            Filter = scope.Filter, Kecamatans = scope.Coverage.Kecamatans, KecamatanName = scope.Kecamatan?.Name,
            DataAsOf = await RollupJob.DataAsOfAsync(db, ct), Total = scope.Total,
            UploadAlertDays = options.Value.RecordingUploadAlertDays, CoverageTarget = options.Value.CoverageTargetPercent,
        };
        foreach (var key in FigureKeys.Where(k => only is null || k == only))
        {
            var task = key switch
            {
                "coverage" => CoverageAsync(scope, view),
                "weekly" => WeeklyAsync(scope, view, ct),
                "cards" => CardsAsync(scope, view, ct),
                "pemula" => PemulaAsync(scope, view, ct),
                "uploads" => UploadsAsync(scope, view, ct),
                "stock" => StockAsync(scope, view, ct),
                "bookings" => BookingsAsync(scope, view, ct),
                "disruptions" => DisruptionsAsync(scope, view, ct),
                "mobile" => MobileAsync(scope, view, ct),
                "suggestions" => SuggestionsAsync(scope, view),
                _ => Task.CompletedTask,
            };
            await task;
        }
        if (only is null) view.Today = await TodayAsync(scope, ct);
        await snapshot.CommitAsync(ct);
        return view;
    }

    /// <summary>What every figure shares: the filter as understood, the regions and their coverage, the points in scope.</summary>
    private sealed record Scope(DashboardFilter Filter, CoverageFigures Coverage, Region? Kecamatan, List<ServicePoint> Points,
        List<ServicePoint> ScopePoints, string? Prefix, List<CoverageLine> Lines, CoverageLine Total)
    {
        public IEnumerable<Region> ScopeKecamatans => Kecamatan is null ? Coverage.Kecamatans : [Kecamatan];
        public Dictionary<Guid, int>? StockLeft { get; set; }
    }

    private async Task<Scope> ScopeAsync(DashboardFilter filter, CancellationToken ct)
    {
        var coverage = await CoverageFigures.ReadAsync(db, ct);
        var kecamatan = coverage.Kecamatans.FirstOrDefault(k => k.Code == filter.Kecamatan);
        if (kecamatan is null) filter = filter with { Kecamatan = null };
        var points = await db.ServicePoints.AsNoTracking().OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        var scopePoints = points.Where(p => kecamatan is null || p.RegionCode == kecamatan.Code || p.Kind == ServicePointKind.MobileUnit).ToList();
        var prefix = kecamatan is null ? null : kecamatan.Code + ".";
        // Worst first: the regions furthest from the target lead; those without a target come last, by name.
        var lines = (kecamatan is null
                ? coverage.Kecamatans.Select(coverage.Kecamatan)
                : coverage.Villages.Where(v => v.ParentCode == kecamatan.Code).Select(coverage.Village))
            .OrderBy(l => !l.HasTarget).ThenBy(l => l.Percent).ThenBy(l => l.Name).ToList();
        var kecLines = (kecamatan is null ? coverage.Kecamatans : [kecamatan]).Select(coverage.Kecamatan).ToList();
        var total = kecamatan is null
            ? new CoverageLine(tenant.Value.RegencyCode, L["Seluruh kabupaten"], kecLines.Sum(l => l.Covered), kecLines.Sum(l => l.WajibKtp), null)
            : kecLines[0];
        return new Scope(filter, coverage, kecamatan, points, scopePoints, prefix, lines, total);
    }

    public CoverageBand BandOf(CoverageLine line) =>
        !line.HasTarget ? CoverageBand.NoTarget
        : line.Percent >= options.Value.CoverageTargetPercent ? CoverageBand.Met
        : line.Percent < options.Value.CoverageLowPercent ? CoverageBand.Low
        : CoverageBand.Below;

    private BandCell Band(CoverageLine line)
    {
        var band = BandOf(line);
        return new(band, band switch
        {
            CoverageBand.Met => L["Mencapai target"].Value,
            CoverageBand.Below => L["Di bawah target"].Value,
            CoverageBand.Low => L["Jauh di bawah target (< {0} %)", options.Value.CoverageLowPercent].Value,
            _ => L["belum ada target"].Value,
        });
    }

    /// <summary>The colours of the bands on the chart (the table says the band in words too).</summary>
    public static string Colour(CoverageBand band) => band switch
    {
        CoverageBand.Met => "#146c43",
        CoverageBand.Below => "#b35c00",
        CoverageBand.Low => "#b02a37",
        _ => "#6c757d",
    };

    private Task CoverageAsync(Scope s, DashboardView view)
    {
        var target = options.Value.CoverageTargetPercent;
        var table = new DashboardTable
        {
            Key = "coverage",
            Title = s.Kecamatan is null ? L["Cakupan per kecamatan"] : string.Format(CultureInfo.CurrentCulture, L["Cakupan per nagari di Kecamatan {0}"], s.Kecamatan.Name),
            Headers = [s.Kecamatan is null ? L["Kecamatan"] : L["Nagari"], L["Cakupan"], L["Sudah direkam"], L["Wajib KTP"], L["Persen"], L["Kekurangan (orang)"], L["Target per"], L["Terhadap target {0} %", target]],
            Note = L["Cakupan = sudah direkam sebelum portal (target terbaru) + perekaman baru lewat portal sejak tanggal target, dibagi wajib KTP. Urutan: cakupan terendah lebih dulu."],
        };
        foreach (var line in s.Lines)
        {
            if (s.Kecamatan is null) table.Links[table.Rows.Count] = "/dashboard?" + s.Filter.Query(line.Code);
            table.Rows.Add([line.Name, line.HasTarget ? CoverageText(line) : L["belum ada target"].Value, line.Covered, line.WajibKtp,
                new Percent(line.Percent), line.Gap, line.AsOf, Band(line)]);
        }
        table.Rows.Add([L["Jumlah"].Value, s.Total.HasTarget ? CoverageText(s.Total) : L["belum ada target"].Value, s.Total.Covered, s.Total.WajibKtp,
            new Percent(s.Total.Percent), s.Total.Gap, null, Band(s.Total)]);
        view.Tables.Add(table);

        var withTarget = s.Lines.Where(l => l.HasTarget).ToList();
        var summary = withTarget.Count == 0
            ? L["Belum ada wilayah dengan target penduduk."].Value
            : L["Dari {0} wilayah bertarget, {1} mencapai target {2} %. Terendah: {3}. Tertinggi: {4}.", withTarget.Count,
                withTarget.Count(l => BandOf(l) == CoverageBand.Met), target,
                string.Join(", ", withTarget.Take(3).Select(l => $"{l.Name} {CoveragePercent.Text(l.Percent)}")),
                $"{withTarget[^1].Name} {CoveragePercent.Text(withTarget[^1].Percent)}"].Value;
        view.Charts.Add(new("chart-coverage", "bar", L["Cakupan (%)"], s.Lines.Select(l => l.Name).ToArray(), s.Lines.Select(l => l.Percent).ToArray(), 100)
        {
            Colors = s.Lines.Select(l => Colour(BandOf(l))).ToArray(), Target = target, TargetLabel = L["Target {0} %", target], Summary = summary,
        });
        return Task.CompletedTask;
    }

    /// <summary>Coverage over time: today's figure minus the first recordings made after each week's end.</summary>
    private async Task WeeklyAsync(Scope s, DashboardView view, CancellationToken ct)
    {
        var filter = s.Filter;
        var asOfByVillage = new Dictionary<string, DateOnly>();
        foreach (var k in s.ScopeKecamatans)
        {
            var own = s.Coverage.Own(k.Code);
            foreach (var v in s.Coverage.Villages.Where(v => v.ParentCode == k.Code))
            {
                if (own is not null) asOfByVillage[v.Code] = own.AsOf;
                else if (s.Coverage.Own(v.Code) is { } c) asOfByVillage[v.Code] = c.AsOf;
            }
        }
        // Summed per day in the database, each nagari from its own target's date on: at most one row per day of the
        // period comes back, however many nagari, points and recordings there are (decision 1536).
        var codes = asOfByVillage.Keys.ToArray();
        var asOfs = codes.Select(c => asOfByVillage[c]).ToArray();
        // (Grouped by nagari and day first, then joined: the planner then hashes the few nagari instead of probing the
        // rollup's index once per nagari.)
        var counted = await db.Database.SqlQuery<DayCount>($"""
            SELECT g.day, sum(g.n)::int AS n
            FROM (SELECT village_code, day, sum(new_recorded) AS n FROM rollup_recordings_daily
                  WHERE day > {filter.From} AND new_recorded > 0 GROUP BY 1, 2) AS g
            JOIN unnest({codes}::text[], {asOfs}::date[]) AS a(code, as_of) ON a.code = g.village_code AND g.day > a.as_of
            GROUP BY g.day
            """).ToListAsync(ct);
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
        var total = s.Total;
        var previous = filter.From.AddDays(-1);
        foreach (var end in weekEnds)
        {
            var covered = total.Covered - counted.Where(r => r.Day > end).Sum(r => r.N);
            var inWeek = counted.Where(r => r.Day > previous && r.Day <= end).Sum(r => r.N);
            var pct = total.WajibKtp == 0 ? 0 : Math.Round(100.0 * covered / total.WajibKtp, 1);
            weekly.Rows.Add([end, covered, total.WajibKtp, new Percent(pct), inWeek]);
            previous = end;
        }
        view.Tables.Add(weekly);
        var values = weekly.Rows.Select(r => ((Percent)r[3]!).Value).ToArray();
        var labels = weekEnds.Select(d => d.ToString("d MMM", CultureInfo.CurrentCulture)).ToArray();
        view.Charts.Add(new("chart-weekly", "line", L["Cakupan (%)"], labels, values, null)
        {
            Target = options.Value.CoverageTargetPercent, TargetLabel = L["Target {0} %", options.Value.CoverageTargetPercent],
            Summary = values.Length == 0 ? "" : L["Dari {0} (minggu berakhir {1}) menjadi {2} (minggu berakhir {3}); target {4} %.",
                CoveragePercent.Text(values[0]), labels[0], CoveragePercent.Text(values[^1]), labels[^1], options.Value.CoverageTargetPercent].Value,
        });
    }

    /// <summary>Cards held back, from the current status counts.</summary>
    private async Task CardsAsync(Scope s, DashboardView view, CancellationToken ct)
    {
        var prefix = s.Prefix;
        // Summed per kecamatan in the database for the whole regency (per nagari inside one): a row per group and status.
        var cardCounts = prefix == null
            ? await db.CardStatusCounts.AsNoTracking().Where(c => c.Cards > 0)
                .GroupBy(c => new { VillageCode = c.VillageCode.Substring(0, 8), c.Status })
                .Select(g => new { g.Key.VillageCode, g.Key.Status, N = g.Sum(x => x.Cards) }).ToListAsync(ct)
            : await db.CardStatusCounts.AsNoTracking().Where(c => c.Cards > 0 && c.VillageCode.StartsWith(prefix))
                .GroupBy(c => new { c.VillageCode, c.Status })
                .Select(g => new { g.Key.VillageCode, g.Key.Status, N = g.Sum(x => x.Cards) }).ToListAsync(ct);
        var cards = new DashboardTable
        {
            Key = "cards", Title = L["Kartu yang tertahan"],
            Headers = [s.Kecamatan is null ? L["Kecamatan"] : L["Nagari"], L["Direkam, belum dicetak"], L["Menunggu di PRR"], L["Dicetak, belum diambil"], L["Suket beredar"], L["Gagal atau ganda"]],
            Note = L["Direkam, belum dicetak: direkam atau dikirim ke pusat. Dicetak, belum diambil: dicetak atau sudah di tempat pengambilan."],
        };
        var cardGroups = GroupsOf(s);
        var sums = new int[5];
        foreach (var (name, match) in cardGroups)
        {
            int Sum(params CardStatus[] st) => cardCounts.Where(c => match(c.VillageCode) && st.Contains(c.Status)).Sum(c => c.N);
            int[] row = [Sum(CardStatus.Recorded, CardStatus.SentForEnrollment), Sum(CardStatus.PrintReady), Sum(CardStatus.Printed, CardStatus.AtCollectionPoint),
                Sum(CardStatus.SuketIssued), Sum(CardStatus.EnrollmentFailed, CardStatus.DuplicateRecord)];
            if (name == L["Tanpa nagari"].Value && row.All(n => n == 0)) continue;
            for (var i = 0; i < 5; i++) sums[i] += row[i];
            cards.Rows.Add([name, row[0], row[1], row[2], row[3], row[4]]);
        }
        cards.Rows.Add([L["Jumlah"].Value, sums[0], sums[1], sums[2], sums[3], sums[4]]);
        view.Tables.Add(cards);
    }

    /// <summary>The rows of a per-region table: kecamatan (or the chosen kecamatan's nagari), then "no nagari".</summary>
    private List<(string Name, Func<string, bool> Match)> GroupsOf(Scope s)
    {
        var groups = s.Kecamatan is null
            // A nagari code of the kecamatan, or the kecamatan's own code (figures summed per kecamatan in the database).
            ? s.Coverage.Kecamatans.Select(k => (k.Name, Match: (Func<string, bool>)(v => v == k.Code || v.StartsWith(k.Code + ".", StringComparison.Ordinal)))).ToList()
            : s.Coverage.Villages.Where(v => v.ParentCode == s.Kecamatan.Code).OrderBy(v => v.Name).Select(v => (v.Name, Match: (Func<string, bool>)(x => x == v.Code))).ToList();
        groups.Add((L["Tanpa nagari"].Value, v => v == ""));
        return groups;
    }

    /// <summary>
    /// First-time residents (pemula) of school drives: recorded in the period, and their cards now waiting for the 17th
    /// birthday (issue 15, A2). From the recording rollup's pemula count and the card status counts.
    /// </summary>
    private async Task PemulaAsync(Scope s, DashboardView view, CancellationToken ct)
    {
        var (prefix, filter) = (s.Prefix, s.Filter);
        var recorded = await db.RecordingRollups.AsNoTracking()
            .Where(r => r.PemulaRecorded > 0 && r.Day >= filter.From && r.Day <= filter.To && (prefix == null || r.VillageCode.StartsWith(prefix)))
            .GroupBy(r => r.VillageCode).Select(g => new { VillageCode = g.Key, N = g.Sum(x => x.PemulaRecorded) }).ToListAsync(ct);
        var waiting = await db.CardStatusCounts.AsNoTracking()
            .Where(c => c.Status == CardStatus.WaitingForAge && c.Cards > 0 && (prefix == null || c.VillageCode.StartsWith(prefix)))
            .GroupBy(c => c.VillageCode).Select(g => new { VillageCode = g.Key, N = g.Sum(x => x.Cards) }).ToListAsync(ct);
        var table = new DashboardTable
        {
            Key = "pemula", Title = L["Pemula dari perekaman di sekolah"],
            Headers = [s.Kecamatan is null ? L["Kecamatan"] : L["Nagari"], L["Pemula direkam"], L["Kartu menunggu usia 17 tahun"]],
            Note = L["Pemula direkam: siswa yang direkam pada kunjungan sekolah dalam periode ini. Kartunya dicetak mulai ulang tahun ke-17."],
        };
        var (sumRecorded, sumWaiting) = (0, 0);
        foreach (var (name, match) in GroupsOf(s))
        {
            var r = recorded.Where(x => match(x.VillageCode)).Sum(x => x.N);
            var w = waiting.Where(x => match(x.VillageCode)).Sum(x => x.N);
            if (r == 0 && w == 0) continue;
            (sumRecorded, sumWaiting) = (sumRecorded + r, sumWaiting + w);
            table.Rows.Add([name, r, w]);
        }
        table.Rows.Add([L["Jumlah"].Value, sumRecorded, sumWaiting]);
        view.Tables.Add(table);
    }

    /// <summary>Card blanks left per printing point, from the stock rollup (read once per request, shared by the stock table and the today strip).</summary>
    private async Task<Dictionary<Guid, int>> StockLeftAsync(Scope s, CancellationToken ct)
    {
        if (s.StockLeft is { } known) return known;
        var stock = await db.BlankStockRollups.AsNoTracking().GroupBy(b => b.ServicePointId)
            .Select(g => new { PointId = g.Key, Left = g.Sum(x => x.Received) - g.Sum(x => x.Used) - g.Sum(x => x.Spoiled) })
            .ToDictionaryAsync(x => x.PointId, x => x.Left, ct);
        return s.StockLeft = stock;
    }

    /// <summary>Card-blank stock per point that prints.</summary>
    private async Task StockAsync(Scope s, DashboardView view, CancellationToken ct)
    {
        var stock = await db.BlankStockRollups.AsNoTracking().GroupBy(b => b.ServicePointId)
            .Select(g => new { PointId = g.Key, Received = g.Sum(x => x.Received), Used = g.Sum(x => x.Used), Spoiled = g.Sum(x => x.Spoiled) })
            .ToDictionaryAsync(x => x.PointId, ct);
        s.StockLeft = stock.ToDictionary(x => x.Key, x => x.Value.Received - x.Value.Used - x.Value.Spoiled);
        var table = new DashboardTable
        {
            Key = "stock", Title = L["Stok blanko per tempat layanan"],
            Headers = [L["Tempat layanan"], L["Diterima"], L["Dipakai"], L["Rusak"], L["Sisa"], L["Keterangan"]],
        };
        foreach (var p in s.ScopePoints.Where(p => p.CanPrint || stock.ContainsKey(p.Id)))
        {
            var x = stock.GetValueOrDefault(p.Id);
            var left = (x?.Received ?? 0) - (x?.Used ?? 0) - (x?.Spoiled ?? 0);
            table.Rows.Add([p.Name, x?.Received ?? 0, x?.Used ?? 0, x?.Spoiled ?? 0, left,
                left < p.BlankStockWarningThreshold ? L["Di bawah batas ({0})", p.BlankStockWarningThreshold].Value : ""]);
        }
        view.Tables.Add(table);
    }

    /// <summary>Bookings in the period.</summary>
    private async Task BookingsAsync(Scope s, DashboardView view, CancellationToken ct)
    {
        var filter = s.Filter;
        var bookings = await db.BookingRollups.AsNoTracking().Where(b => b.Day >= filter.From && b.Day <= filter.To)
            .GroupBy(b => b.ServicePointId)
            .Select(g => new { PointId = g.Key, Booked = g.Sum(x => x.Booked), Shown = g.Sum(x => x.Shown), NoShow = g.Sum(x => x.NoShow), Cancelled = g.Sum(x => x.Cancelled) })
            .ToDictionaryAsync(b => b.PointId, ct);
        var table = new DashboardTable
        {
            Key = "bookings", Title = L["Janji temu per tempat layanan"],
            Headers = [L["Tempat layanan"], L["Janji"], L["Datang"], L["Tidak datang"], L["Tingkat kehadiran"], L["Dibatalkan"]],
            Note = L["Tingkat kehadiran = datang ÷ (datang + tidak datang)."],
        };
        foreach (var p in s.ScopePoints)
        {
            var b = bookings.GetValueOrDefault(p.Id);
            var decided = (b?.Shown ?? 0) + (b?.NoShow ?? 0);
            table.Rows.Add([p.Name, b?.Booked ?? 0, b?.Shown ?? 0, b?.NoShow ?? 0,
                decided == 0 ? null : new Percent(Math.Round(100.0 * b!.Shown / decided, 1)), b?.Cancelled ?? 0]);
        }
        view.Tables.Add(table);
    }

    /// <summary>Disruptions over the last 30 days: a few rows per point, read as they are.</summary>
    private async Task DisruptionsAsync(Scope s, DashboardView view, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now.AddDays(-30);
        var scopeIds = s.ScopePoints.Select(p => p.Id).ToList();
        var disruptions = await db.Disruptions.AsNoTracking()
            // Administrative records (a cancelled mobile stop, an admin's schedule change) are no outage hours.
            .Where(Disruption.IsOutage)
            .Where(d => d.StartsAt < now && (d.EndedAt == null || d.EndedAt > since) && scopeIds.Contains(d.ServicePointId))
            .Select(d => new { d.ServicePointId, d.Kind, d.StartsAt, d.EndedAt }).ToListAsync(ct);
        var table = new DashboardTable
        {
            Key = "disruptions", Title = L["Jam gangguan 30 hari terakhir"],
            Headers = [L["Tempat layanan"], L["Jenis gangguan"], L["Kejadian"], L["Jam"]],
        };
        var points = s.Points;
        foreach (var g in disruptions.GroupBy(d => (d.ServicePointId, d.Kind)).OrderBy(g => points.First(p => p.Id == g.Key.ServicePointId).Name).ThenBy(g => g.Key.Kind))
        {
            var hours = g.Sum(d => ((d.EndedAt ?? now) < now ? d.EndedAt ?? now : now).Subtract(d.StartsAt > since ? d.StartsAt : since).TotalHours);
            table.Rows.Add([points.First(p => p.Id == g.Key.ServicePointId).Name, words.Of(g.Key.Kind), g.Count(), Math.Round(Math.Max(0, hours), 1)]);
        }
        view.Tables.Add(table);
    }

    /// <summary>Mobile-unit visits in the period and the people recorded on them.</summary>
    private async Task MobileAsync(Scope s, DashboardView view, CancellationToken ct)
    {
        var (filter, prefix) = (s.Filter, s.Prefix);
        var today = clock.Today();
        var lastDay = filter.To < today ? filter.To : today;
        var units = s.Points.Where(p => p.Kind == ServicePointKind.MobileUnit).ToList();
        var mobileIds = units.Select(p => p.Id).ToList();
        var stops = await db.MobileStops.AsNoTracking()
            .Where(x => x.Status == MobileStopStatus.Planned && x.Date >= filter.From && x.Date <= lastDay
                        && (prefix == null || x.VillageCode.StartsWith(prefix)))
            .Select(x => new { x.ServicePointId, x.Date, x.VillageCode }).ToListAsync(ct);
        var mobileRecorded = await db.RecordingRollups.AsNoTracking()
            .Where(r => mobileIds.Contains(r.ServicePointId) && r.Day >= filter.From && r.Day <= lastDay)
            .Select(r => new { r.ServicePointId, r.Day, r.VillageCode, r.Recorded }).ToListAsync(ct);
        var recordedOn = mobileRecorded.GroupBy(r => (r.ServicePointId, r.Day, r.VillageCode)).ToDictionary(g => g.Key, g => g.Sum(r => r.Recorded));
        var table = new DashboardTable
        {
            Key = "mobile", Title = L["Kunjungan mobil keliling"],
            Headers = [L["Unit"], L["Kunjungan"], L["Orang direkam"], L["Rata-rata per kunjungan"]],
        };
        foreach (var unit in units)
        {
            var visits = stops.Where(x => x.ServicePointId == unit.Id).DistinctBy(x => (x.Date, x.VillageCode)).ToList();
            var people = visits.Sum(v => recordedOn.GetValueOrDefault((unit.Id, v.Date, v.VillageCode)));
            table.Rows.Add([unit.Name, visits.Count, people, visits.Count == 0 ? null : Math.Round((double)people / visits.Count, 1)]);
        }
        view.Tables.Add(table);
    }

    /// <summary>Where the mobile units should go next: the nagari furthest from full coverage.</summary>
    private Task SuggestionsAsync(Scope s, DashboardView view)
    {
        var table = new DashboardTable
        {
            Key = "suggestions", Title = L["Usulan kunjungan mobil keliling berikutnya"],
            Headers = [L["Nagari"], L["Kecamatan"], L["Cakupan"], L["Kekurangan (orang)"]],
            Note = L["Nagari dengan cakupan terendah (yang punya target sendiri)."],
        };
        var nameOf = s.Coverage.Kecamatans.ToDictionary(k => k.Code, k => k.Name);
        foreach (var v in s.Coverage.Villages.Where(v => s.Prefix == null || v.Code.StartsWith(s.Prefix, StringComparison.Ordinal)).Select(v => (Region: v, Line: s.Coverage.Village(v)))
                     .Where(x => x.Line.HasTarget).OrderBy(x => x.Line.Percent).ThenByDescending(x => x.Line.Gap).Take(5))
            table.Rows.Add([v.Region.Name, nameOf.GetValueOrDefault(v.Region.ParentCode ?? "", ""), CoverageText(v.Line), v.Line.Gap]);
        view.Tables.Add(table);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Recordings not yet acknowledged by the district server, per point, read live (they are few, from a partial
    /// index): those this database holds on their way, and field nodes silent for long, whose recordings since their
    /// last contact the hub cannot know (decision 1210).
    /// </summary>
    private async Task UploadsAsync(Scope s, DashboardView view, CancellationToken ct)
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
        foreach (var p in s.ScopePoints)
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
        view.Tables.Add(table);
        view.UploadAlerts = alerts;
    }

    /// <summary>
    /// The today strip: today's state of the points in scope (the service-status page's own reading), waiting tickets of
    /// today's queues, cards recorded more than <see cref="DashboardOptions.CardStuckDays"/> days ago and still not printed
    /// (<c>rollup_cards_stuck</c>, as of the last rollup run), and printing points below their blank-stock warning threshold.
    /// </summary>
    private async Task<DashboardToday> TodayAsync(Scope s, CancellationToken ct)
    {
        var scopeIds = s.ScopePoints.Select(p => p.Id).ToHashSet();
        var states = (await serviceStatus.ReadAsync(ct)).Where(p => scopeIds.Contains(p.Point.Id)).ToList();
        var today = clock.Today();
        var ids = scopeIds.ToList();
        var waiting = await db.QueueTickets.AsNoTracking()
            .Where(t => ids.Contains(t.ServicePointId) && t.ServiceDate == today && t.Status == TicketStatus.Waiting)
            .GroupBy(t => t.ServicePointId).Select(g => g.Count()).ToListAsync(ct);
        var days = options.Value.CardStuckDays;
        var prefix = s.Prefix;
        // Recomputed by every rollup run (RollupJob.StuckCardsAsync): one row per nagari.
        var stuck = await db.CardStuckRollups.AsNoTracking().Where(c => prefix == null || c.VillageCode.StartsWith(prefix)).SumAsync(c => c.Cards, ct);
        var left = await StockLeftAsync(s, ct);
        var short_ = s.ScopePoints.Where(p => p.CanPrint && p.IsActive && left.GetValueOrDefault(p.Id) < p.BlankStockWarningThreshold).Select(p => p.Name).ToList();
        var open = states.Where(p => p.State == ServiceStatus.PointState.Open).ToList();
        return new DashboardToday(open.Count(p => !p.WorkingOffline), states.Count(p => p.State == ServiceStatus.PointState.Disrupted),
            open.Count(p => p.WorkingOffline), states.Count(p => p.State == ServiceStatus.PointState.Closed), waiting.Sum(), waiting.Count,
            stuck, days, short_, states.Where(p => p.State == ServiceStatus.PointState.Disrupted).Select(p => p.Point.Name).ToList(),
            open.Where(p => p.WorkingOffline).Select(p => p.Point.Name).ToList());
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
        BandCell b => b.Text,
        _ => value.ToString() ?? "",
    };

    /// <summary>A cell for CSV: a share as its plain number, a band as its words; <see cref="Infrastructure.Csv"/> formats the rest.</summary>
    public static object? CsvCell(object? value) => value switch
    {
        Percent p => p.Value,
        BandCell b => b.Text,
        _ => value,
    };
}

/// <summary>First recordings counted towards coverage on one day (column aliases are snake_case: the naming convention maps them).</summary>
public sealed record DayCount(DateOnly Day, int N);

/// <summary>One figure as the page shows it (<c>_Figure.cshtml</c>): its table, its chart if it has one, the filter for its CSV link.</summary>
public sealed record DashboardFigure(DashboardTable Table, ChartData? Chart, DashboardFilter Filter)
{
    public static string ChartIdOf(string tableKey) => "chart-" + tableKey;
}
