using System.Data;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EKtp.Web.Features.Dashboard;

/// <summary>
/// Keeps the dashboard's rollup tables current. <see cref="RefreshAsync"/> reads, from bookmarks kept in
/// <c>rollup_state</c>, which days the raw tables changed since its last run (new recordings by their time-ordered ids,
/// cards by <c>updated_at</c>, appointments by <c>created_at</c>/<c>cancelled_at</c> plus a recent window, blank stock
/// by <c>at</c>) and recomputes those days whole from the raw rows. <see cref="RebuildAsync"/> recomputes everything.
/// Both run in one repeatable-read transaction under an advisory lock, so two runs never interleave and the figures
/// always come from one consistent snapshot. The lock is only tried: a run that finds another one under way returns
/// <see cref="RollupRunResult.Busy"/> at once rather than queueing behind it, and every statement is bounded by
/// <see cref="DashboardOptions.CommandTimeoutSeconds"/>, so a stuck run ends, rolls back and frees the lock.
/// </summary>
public sealed class RollupJob(EKtpDbContext db, TimeProvider clock, IOptions<DashboardOptions> options, ILogger<RollupJob> logger)
{
    public const string RefreshMark = "refresh";
    public const string RebuildMark = "rebuild";
    public const long LockKey = 0x656b74705f726f6c; // "ektp_rol"
    private const string Wib = "'Asia/Jakarta'";

    public async Task<RollupRunResult> RefreshAsync(CancellationToken ct = default) => await RunAsync(full: false, ct);

    public async Task<RollupRunResult> RebuildAsync(CancellationToken ct = default) => await RunAsync(full: true, ct);

    /// <summary>When the rollups were last brought up to date (the dashboard's "data as of").</summary>
    public static async Task<DateTimeOffset?> DataAsOfAsync(EKtpDbContext db, CancellationToken ct = default) =>
        await db.RollupStates.AsNoTracking().Where(s => s.Name == RefreshMark).Select(s => s.TimeMark).SingleOrDefaultAsync(ct);

    private async Task<RollupRunResult> RunAsync(bool full, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var npgsqlTx = (NpgsqlTransaction)tx.GetDbTransaction();
            var run = new Run(connection, npgsqlTx, options.Value.CommandTimeoutSeconds, ct);
            if (await run.ScalarAsync<bool>($"SELECT pg_try_advisory_xact_lock({LockKey})") is false)
                return new RollupRunResult { Full = full, Busy = true };
            var marks = await db.RollupStates.AsNoTracking().ToDictionaryAsync(s => s.Name, ct);
            var overlap = TimeSpan.FromMinutes(options.Value.OverlapMinutes);
            var r = new RollupRunResult { Full = full };

            r.RecordingDays = await RecordingsAsync(run, full, marks.GetValueOrDefault("recordings"), overlap);
            r.CardDays = await CardsAsync(run, full, marks.GetValueOrDefault("cards"), overlap);
            r.BookingDays = await BookingsAsync(run, full, marks.GetValueOrDefault("appointments"), overlap);
            r.BlankStockDays = await BlankStockAsync(run, full, marks.GetValueOrDefault("blank_stock"), overlap);
            await CoverageAsync(run);
            await StuckCardsAsync(run, clock.Today().AddDays(-options.Value.CardStuckDays));

            await SetMarkAsync(run, RefreshMark, started, null);
            if (full) await SetMarkAsync(run, RebuildMark, started, null);
            await tx.CommitAsync(ct);
            return r;
        });
        if (result.Busy)
        {
            logger.LogInformation("Rollups not {Kind}: another run holds the lock", full ? "rebuilt" : "refreshed");
            return result;
        }
        // A refresh counts the days it recomputed; a rebuild counts the rollup rows it wrote.
        logger.LogInformation("Rollups {Kind} in {Elapsed} ms: recordings {RecordingDays}, cards {CardDays}, bookings {BookingDays}, blank stock {BlankStockDays}",
            full ? "rebuilt" : "refreshed", watch.ElapsedMilliseconds, result.RecordingDays, result.CardDays, result.BookingDays, result.BlankStockDays);
        return result;
    }

    private static async Task<int> RecordingsAsync(Run run, bool full, RollupState? mark, TimeSpan overlap)
    {
        var newMark = await run.ScalarAsync<Guid?>("SELECT id FROM recordings ORDER BY id DESC LIMIT 1");
        const string columns = "day, village_code, service_point_id, new_recorded, recorded, not_recorded, pemula_recorded";
        // A pemula is a student recorded on a school drive: a recording at a stop that is a school's (a few stops a year).
        const string aggregate = $"""
            SELECT (r.recorded_at AT TIME ZONE {Wib})::date, coalesce(r.village_code, ''), r.service_point_id,
                   count(*) FILTER (WHERE r.outcome = '{nameof(RecordingOutcome.Recorded)}' AND r.service = '{nameof(ServiceType.NewRecording)}'),
                   count(*) FILTER (WHERE r.outcome = '{nameof(RecordingOutcome.Recorded)}'),
                   count(*) FILTER (WHERE r.outcome = '{nameof(RecordingOutcome.NotRecorded)}'),
                   count(*) FILTER (WHERE r.outcome = '{nameof(RecordingOutcome.Recorded)}'
                                      AND r.mobile_stop_id IN (SELECT mobile_stop_id FROM school_drives))
            """;
        int touched;
        if (full || mark?.IdMark is null)
        {
            await run.ExecAsync("DELETE FROM rollup_recordings_daily");
            touched = await run.ExecAsync($"INSERT INTO rollup_recordings_daily ({columns}) {aggregate} FROM recordings r GROUP BY 1, 2, 3");
        }
        else
        {
            var from = UuidV7.Floor(UuidV7.TimeOf(mark.IdMark.Value) - overlap);
            var days = await run.DaysAsync($"SELECT DISTINCT (recorded_at AT TIME ZONE {Wib})::date FROM recordings WHERE id >= @from", ("from", from));
            touched = days.Length;
            if (days.Length > 0)
            {
                await run.ExecAsync("DELETE FROM rollup_recordings_daily WHERE day = ANY(@days)", ("days", days));
                await run.ExecAsync($"""
                    INSERT INTO rollup_recordings_daily ({columns}) {aggregate}
                    FROM unnest(@days) AS d(day)
                    JOIN recordings r ON r.recorded_at >= (d.day::timestamp AT TIME ZONE {Wib})
                                     AND r.recorded_at < ((d.day + 1)::timestamp AT TIME ZONE {Wib})
                    GROUP BY 1, 2, 3
                    """, ("days", days));
            }
        }
        await SetMarkAsync(run, "recordings", null, newMark ?? mark?.IdMark);
        return touched;
    }

    private static async Task<int> CardsAsync(Run run, bool full, RollupState? mark, TimeSpan overlap)
    {
        var newMark = await run.ScalarAsync<DateTime?>("SELECT greatest((SELECT max(updated_at) FROM cards), (SELECT max(created_at) FROM cards))");
        const string columns = "day, village_code, service_point_id, status, cards";
        const string aggregate = $"""
            SELECT (c.created_at AT TIME ZONE {Wib})::date, coalesce(c.village_code, ''), c.recorded_at_point_id, c.status, count(*)
            """;
        int touched;
        if (full || mark?.TimeMark is null)
        {
            await run.ExecAsync("DELETE FROM rollup_cards_daily");
            touched = await run.ExecAsync($"INSERT INTO rollup_cards_daily ({columns}) {aggregate} FROM cards c GROUP BY 1, 2, 3, 4");
            await run.ExecAsync("DELETE FROM rollup_card_status");
            await run.ExecAsync("INSERT INTO rollup_card_status (village_code, service_point_id, status, cards) " +
                                "SELECT village_code, service_point_id, status, sum(cards) FROM rollup_cards_daily GROUP BY 1, 2, 3");
        }
        else
        {
            var from = mark.TimeMark.Value - overlap;
            var days = await run.DaysAsync($"""
                SELECT DISTINCT (created_at AT TIME ZONE {Wib})::date FROM cards WHERE updated_at >= @from
                UNION SELECT DISTINCT (created_at AT TIME ZONE {Wib})::date FROM cards WHERE created_at >= @from
                """, ("from", from));
            touched = days.Length;
            if (days.Length > 0)
            {
                // The (nagari, point) pairs whose totals change: those of the touched days before and after the recompute.
                await run.ExecAsync("CREATE TEMP TABLE rollup_touched_cards ON COMMIT DROP AS " +
                                    "SELECT DISTINCT village_code, service_point_id FROM rollup_cards_daily WHERE day = ANY(@days)", ("days", days));
                await run.ExecAsync("DELETE FROM rollup_cards_daily WHERE day = ANY(@days)", ("days", days));
                await run.ExecAsync($"""
                    INSERT INTO rollup_cards_daily ({columns}) {aggregate}
                    FROM unnest(@days) AS d(day)
                    JOIN cards c ON c.created_at >= (d.day::timestamp AT TIME ZONE {Wib})
                                AND c.created_at < ((d.day + 1)::timestamp AT TIME ZONE {Wib})
                    GROUP BY 1, 2, 3, 4
                    """, ("days", days));
                await run.ExecAsync("INSERT INTO rollup_touched_cards SELECT DISTINCT village_code, service_point_id FROM rollup_cards_daily WHERE day = ANY(@days)", ("days", days));
                await run.ExecAsync("""
                    DELETE FROM rollup_card_status s USING (SELECT DISTINCT * FROM rollup_touched_cards) k
                    WHERE s.village_code = k.village_code AND s.service_point_id = k.service_point_id
                    """);
                await run.ExecAsync("""
                    INSERT INTO rollup_card_status (village_code, service_point_id, status, cards)
                    SELECT d.village_code, d.service_point_id, d.status, sum(d.cards)
                    FROM rollup_cards_daily d JOIN (SELECT DISTINCT * FROM rollup_touched_cards) k
                      ON d.village_code = k.village_code AND d.service_point_id = k.service_point_id
                    GROUP BY 1, 2, 3
                    """);
            }
        }
        await SetMarkAsync(run, "cards", ToOffset(newMark) ?? mark?.TimeMark, null);
        return touched;
    }

    private async Task<int> BookingsAsync(Run run, bool full, RollupState? mark, TimeSpan overlap)
    {
        var newMark = await run.ScalarAsync<DateTime?>("SELECT greatest((SELECT max(created_at) FROM appointments), (SELECT max(cancelled_at) FROM appointments))");
        const string columns = "day, service_point_id, booked, shown, no_show, cancelled";
        const string aggregate = $"""
            SELECT s.date, a.service_point_id,
                   count(*) FILTER (WHERE a.status <> '{nameof(AppointmentStatus.Cancelled)}'),
                   count(*) FILTER (WHERE a.status IN ('{nameof(AppointmentStatus.CheckedIn)}', '{nameof(AppointmentStatus.Completed)}', '{nameof(AppointmentStatus.NotRecorded)}')),
                   count(*) FILTER (WHERE a.status = '{nameof(AppointmentStatus.NoShow)}'),
                   count(*) FILTER (WHERE a.status = '{nameof(AppointmentStatus.Cancelled)}')
            FROM appointments a JOIN slots s ON s.id = a.slot_id
            """;
        int touched;
        if (full || mark?.TimeMark is null)
        {
            await run.ExecAsync("DELETE FROM rollup_bookings_daily");
            touched = await run.ExecAsync($"INSERT INTO rollup_bookings_daily ({columns}) {aggregate} GROUP BY 1, 2");
        }
        else
        {
            var from = mark.TimeMark.Value - overlap;
            var changed = await run.DaysAsync("""
                SELECT DISTINCT s.date FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.created_at >= @from
                UNION SELECT DISTINCT s.date FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.cancelled_at >= @from
                """, ("from", from));
            var today = clock.Today();
            var recent = Enumerable.Range(-options.Value.RecentDays, options.Value.RecentDays + 121).Select(today.AddDays);
            var days = changed.Union(recent).ToArray();
            touched = changed.Length;
            await run.ExecAsync("DELETE FROM rollup_bookings_daily WHERE day = ANY(@days)", ("days", days));
            await run.ExecAsync($"INSERT INTO rollup_bookings_daily ({columns}) {aggregate} WHERE s.date = ANY(@days) GROUP BY 1, 2", ("days", days));
        }
        await SetMarkAsync(run, "appointments", ToOffset(newMark) ?? mark?.TimeMark, null);
        return touched;
    }

    private static async Task<int> BlankStockAsync(Run run, bool full, RollupState? mark, TimeSpan overlap)
    {
        var newMark = await run.ScalarAsync<DateTime?>("SELECT max(at) FROM blank_stock_entries");
        const string columns = "day, service_point_id, received, used, spoiled";
        const string aggregate = $"""
            SELECT (b.at AT TIME ZONE {Wib})::date, b.service_point_id,
                   coalesce(sum(b.quantity) FILTER (WHERE b.kind = '{nameof(BlankStockKind.Received)}'), 0),
                   coalesce(sum(b.quantity) FILTER (WHERE b.kind = '{nameof(BlankStockKind.Used)}'), 0),
                   coalesce(sum(b.quantity) FILTER (WHERE b.kind = '{nameof(BlankStockKind.Spoiled)}'), 0)
            """;
        int touched;
        if (full || mark?.TimeMark is null)
        {
            await run.ExecAsync("DELETE FROM rollup_blank_stock_daily");
            touched = await run.ExecAsync($"INSERT INTO rollup_blank_stock_daily ({columns}) {aggregate} FROM blank_stock_entries b GROUP BY 1, 2");
        }
        else
        {
            var days = await run.DaysAsync($"SELECT DISTINCT (at AT TIME ZONE {Wib})::date FROM blank_stock_entries WHERE at >= @from",
                ("from", mark.TimeMark.Value - overlap));
            touched = days.Length;
            if (days.Length > 0)
            {
                await run.ExecAsync("DELETE FROM rollup_blank_stock_daily WHERE day = ANY(@days)", ("days", days));
                await run.ExecAsync($"""
                    INSERT INTO rollup_blank_stock_daily ({columns}) {aggregate}
                    FROM unnest(@days) AS d(day)
                    JOIN blank_stock_entries b ON b.at >= (d.day::timestamp AT TIME ZONE {Wib})
                                              AND b.at < ((d.day + 1)::timestamp AT TIME ZONE {Wib})
                    GROUP BY 1, 2
                    """, ("days", days));
            }
        }
        await SetMarkAsync(run, "blank_stock", ToOffset(newMark) ?? mark?.TimeMark, null);
        return touched;
    }

    /// <summary>
    /// Coverage of every region with a target, from its newest target and the daily recording rollup: first recordings
    /// of its residents after the target's as-of date (a target counts what was recorded up to and including that day).
    /// Reads only rollups and targets, so it is recomputed whole on every run.
    /// </summary>
    private static async Task CoverageAsync(Run run)
    {
        await run.ExecAsync("DELETE FROM rollup_coverage");
        await run.ExecAsync($"""
            WITH target AS (
                SELECT DISTINCT ON (region_code) region_code, as_of, wajib_ktp, recorded_before
                FROM population_targets ORDER BY region_code, as_of DESC, id DESC),
            village AS (
                SELECT village_code, day, sum(new_recorded) AS n FROM rollup_recordings_daily
                WHERE new_recorded > 0 GROUP BY 1, 2)
            INSERT INTO rollup_coverage (region_code, as_of, wajib_ktp, recorded_before, recorded_since)
            SELECT t.region_code, t.as_of, t.wajib_ktp, t.recorded_before, coalesce(sum(v.n), 0)
            FROM target t
            LEFT JOIN regions g ON g.level = '{nameof(RegionLevel.Village)}' AND (g.code = t.region_code OR g.parent_code = t.region_code)
            LEFT JOIN village v ON v.village_code = g.code AND v.day > t.as_of
            GROUP BY t.region_code, t.as_of, t.wajib_ktp, t.recorded_before
            """);
    }

    /// <summary>
    /// Cards recorded before <paramref name="cutoff"/> (a WIB day) and not printed yet, per nagari, for the dashboard's
    /// today strip: recomputed whole from the card rollup on every run (its unprinted buckets), so the page reads one row
    /// per nagari however many cards there are.
    /// </summary>
    private static async Task StuckCardsAsync(Run run, DateOnly cutoff)
    {
        await run.ExecAsync("DELETE FROM rollup_cards_stuck");
        await run.ExecAsync($"""
            INSERT INTO rollup_cards_stuck (village_code, cards)
            SELECT village_code, sum(cards) FROM rollup_cards_daily
            WHERE day < @cutoff AND status IN ('{nameof(CardStatus.Recorded)}', '{nameof(CardStatus.SentForEnrollment)}', '{nameof(CardStatus.PrintReady)}')
            GROUP BY 1 HAVING sum(cards) > 0
            """, ("cutoff", cutoff));
    }

    private static async Task SetMarkAsync(Run run, string name, DateTimeOffset? time, Guid? id) =>
        await run.ExecAsync("""
            INSERT INTO rollup_state (name, time_mark, id_mark, updated_at) VALUES (@name, @time, @id, now())
            ON CONFLICT (name) DO UPDATE SET time_mark = excluded.time_mark, id_mark = excluded.id_mark, updated_at = now()
            """, ("name", name), ("time", (object?)time ?? DBNull.Value), ("id", (object?)id ?? DBNull.Value));

    private static DateTimeOffset? ToOffset(DateTime? utc) =>
        utc is null ? null : new DateTimeOffset(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc));

    private sealed class Run(NpgsqlConnection connection, NpgsqlTransaction tx, int timeoutSeconds, CancellationToken ct)
    {
        private NpgsqlCommand Command(string sql, (string Name, object Value)[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = timeoutSeconds };
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            return command;
        }

        public async Task<int> ExecAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            return await command.ExecuteNonQueryAsync(ct);
        }

        public async Task<T?> ScalarAsync<T>(string sql)
        {
            await using var command = Command(sql, []);
            var value = await command.ExecuteScalarAsync(ct);
            return value is null or DBNull ? default : (T)value;
        }

        public async Task<DateOnly[]> DaysAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var days = new List<DateOnly>();
            while (await reader.ReadAsync(ct)) days.Add(reader.GetFieldValue<DateOnly>(0));
            return [.. days];
        }
    }
}

public sealed class RollupRunResult
{
    public bool Full { get; init; }

    /// <summary>Another run held the lock; this one did nothing.</summary>
    public bool Busy { get; init; }
    public int RecordingDays { get; set; }
    public int CardDays { get; set; }
    public int BookingDays { get; set; }
    public int BlankStockDays { get; set; }
}

/// <summary>Time-ordered ids (UUID version 7) as bookmarks: the first 48 bits are the creation time in milliseconds.</summary>
public static class UuidV7
{
    public static DateTimeOffset TimeOf(Guid id)
    {
        var b = id.ToByteArray(bigEndian: true);
        long ms = 0;
        for (var i = 0; i < 6; i++) ms = (ms << 8) | b[i];
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    /// <summary>The smallest id that a UUID v7 made at or after <paramref name="at"/> can have.</summary>
    public static Guid Floor(DateTimeOffset at)
    {
        var ms = Math.Max(0, at.ToUnixTimeMilliseconds());
        var b = new byte[16];
        for (var i = 5; i >= 0; i--) { b[i] = (byte)(ms & 0xff); ms >>= 8; }
        return new Guid(b, bigEndian: true);
    }

    /// <summary>A UUID v7 for a given instant (the synthetic-data generator dates its rows in the past).</summary>
    public static Guid At(DateTimeOffset at, Random random)
    {
        var b = new byte[16];
        random.NextBytes(b);
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--) { b[i] = (byte)(ms & 0xff); ms >>= 8; }
        b[6] = (byte)(0x70 | (b[6] & 0x0f));
        b[8] = (byte)(0x80 | (b[8] & 0x3f));
        return new Guid(b, bigEndian: true);
    }
}
