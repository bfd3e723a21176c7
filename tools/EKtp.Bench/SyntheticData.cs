using System.Diagnostics;
using System.Globalization;
using Bogus;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EKtp.Bench;

/// <summary>
/// <c>./ektp seed --residents N [--seed S] [--years Y] [--replace]</c> (or <c>--regency-scale F</c> for F times Pasaman's
/// 313,837 residents): fills the database with synthetic residents of Pasaman's 62 nagari — population targets, and the
/// portal's history of appointments, recordings, cards, mobile-unit visits, card-blank stock and disruptions — then
/// rebuilds the rollups. The same seed gives the same people, dates and figures (only the encryption nonces differ).
/// Rows go in with PostgreSQL's binary COPY, so a province-sized run takes minutes.
/// </summary>
public sealed class SyntheticData(EKtpDbContext db, PersonalDataProtector protector, TimeProvider clock, RollupJob rollups,
    ILogger<SyntheticData> logger)
{
    public const int PasamanResidents = 313_837;
    private const string Regency = "13.08";

    public sealed record Settings(long Residents, int Seed, int Years, bool Replace);

    public static Settings? Parse(string[] args, TextWriter error)
    {
        long residents = 0; var seed = 2026; var years = 2; var replace = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : "";
            switch (args[i])
            {
                case "--residents" when long.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0: residents = n; break;
                case "--regency-scale" when double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0:
                    residents = (long)Math.Round(PasamanResidents * f); break;
                case "--seed" when int.TryParse(Next(), CultureInfo.InvariantCulture, out var s): seed = s; break;
                case "--years" when int.TryParse(Next(), CultureInfo.InvariantCulture, out var y) && y is >= 1 and <= 10: years = y; break;
                case "--replace": replace = true; break;
                default:
                    error.WriteLine($"seed: '{args[i]}' is not understood.");
                    return null;
            }
        }
        if (residents == 0)
        {
            error.WriteLine("usage: ./ektp seed --residents N [--seed S] [--years Y] [--replace]   (or --regency-scale F instead of --residents)");
            return null;
        }
        return new Settings(residents, seed, years, replace);
    }

    public async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        var settings = Parse(args, Console.Error);
        if (settings is null) return 2;
        var watch = Stopwatch.StartNew();
        var counts = await GenerateAsync(settings, ct);
        Console.WriteLine($"Seeded {settings.Residents:N0} residents (seed {settings.Seed}): {counts.Recordings:N0} recordings, {counts.Cards:N0} cards, " +
                          $"{counts.Appointments:N0} appointments, {counts.Stops:N0} mobile-unit visits in {watch.Elapsed.TotalSeconds:0} s; rollups rebuilt.");
        return 0;
    }

    public sealed class Counts
    {
        public long Recordings, Cards, Appointments, Slots, Stops;
    }

    private sealed record Village(string Code, string KecamatanCode, int KecamatanNumber, double Weight);

    private sealed record Stop(Guid Id, Guid PointId, DateOnly Date, string VillageCode);

    public async Task<Counts> GenerateAsync(Settings settings, CancellationToken ct = default)
    {
        var connectionString = db.Database.GetConnectionString()!;
        var raw = new[] { "appointments", "recordings", "cards", "card_status_changes", "queue_tickets", "blank_stock_entries", "disruptions", "mobile_stops", "population_targets", "population_target_imports" };
        var existing = await db.Recordings.AnyAsync(ct) || await db.Cards.AnyAsync(ct) || await db.PopulationTargets.AnyAsync(ct);
        if (existing && !settings.Replace)
            throw new InvalidOperationException("The database already holds recordings, cards or targets; run seed with --replace to empty those tables first.");
        if (existing)
        {
            // Slots of past days go too: the generator re-creates the bookable window.
            #pragma warning disable EF1003 // the table names are the constants above
            await db.Database.ExecuteSqlRawAsync("TRUNCATE " + string.Join(", ", raw) + " CASCADE", ct);
#pragma warning restore EF1003
            await db.Database.ExecuteSqlRawAsync("DELETE FROM slots WHERE date < current_date", ct);
        }

        var watch = Stopwatch.StartNew();
        var random = new Random(settings.Seed);
        var faker = new Faker("id_ID") { Random = new Randomizer(settings.Seed) };
        var today = clock.Today();
        var portalStart = today.AddDays(-365 * settings.Years);
        var now = clock.GetUtcNow();

        var points = await db.ServicePoints.AsNoTracking().ToListAsync(ct);
        var dpks = points.Single(p => p.Kind == ServicePointKind.DistrictOffice);
        var mobiles = points.Where(p => p.Kind == ServicePointKind.MobileUnit).OrderBy(p => p.Code).ToList();
        var officeOf = points.Where(p => p.Kind == ServicePointKind.KecamatanOffice).ToDictionary(p => p.RegionCode);
        var regions = await db.Regions.AsNoTracking().ToListAsync(ct);
        var holidays = (await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        var staffId = Guid.Parse("00000000-0000-7000-8000-00000000d00d");

        // Nagari populations: uneven, as in the register (a few large nagari, many small ones).
        var villages = regions.Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code)
            .Select(r => new Village(r.Code, r.ParentCode!, int.Parse(r.ParentCode![^2..], CultureInfo.InvariantCulture),
                Math.Exp(random.NextDouble() * 1.6))).ToList();
        var weightSum = villages.Sum(v => v.Weight);

        var workingDays = new List<DateOnly>();
        for (var d = portalStart; d < today; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(d)) workingDays.Add(d);

        // Each mobile unit visits one nagari per working day.
        var stops = new List<Stop>();
        foreach (var day in workingDays)
            foreach (var unit in mobiles)
                stops.Add(new Stop(UuidV7.At(Wib.At(day, new(6, 0)), random), unit.Id, day, villages[random.Next(villages.Count)].Code));
        var stopsByVillage = stops.GroupBy(s => s.VillageCode).ToDictionary(g => g.Key, g => g.ToList());

        var counts = new Counts { Stops = stops.Count };
        var import = new PopulationTargetImport
        {
            RegencyCode = Regency, FileName = $"synthetic-seed-{settings.Seed}.csv", Rows = villages.Count,
            ImportedById = staffId, ImportedByName = "seed", ImportedAt = now,
        };
        var targets = new List<PopulationTarget>();

        await using var apptConn = await OpenAsync(connectionString, ct);
        await using var recConn = await OpenAsync(connectionString, ct);
        await using var cardConn = await OpenAsync(connectionString, ct);
        var appointments = await apptConn.BeginBinaryImportAsync(
            "COPY appointments (id, regency_code, code, slot_id, service_point_id, service, status, nik_hash, nik_cipher, kk_cipher, full_name, " +
            "birth_date, phone, village_code, declared_married, idempotency_key, created_at, cancelled_at, reschedule_count) FROM STDIN (FORMAT BINARY)", ct);
        var recordings = await recConn.BeginBinaryImportAsync(
            "COPY recordings (id, regency_code, service_point_id, appointment_id, mobile_stop_id, nik_hash, nik_cipher, village_code, service, outcome, " +
            "reason, recorded_at, recorded_by_id, upload_state, upload_state_at) FROM STDIN (FORMAT BINARY)", ct);
        var cards = await cardConn.BeginBinaryImportAsync(
            "COPY cards (id, regency_code, nik_hash, nik_cipher, village_code, status, failure_reason, recorded_at_point_id, collection_point_id, " +
            "recording_id, suket_valid_until, created_at, updated_at) FROM STDIN (FORMAT BINARY)", ct);

        var slots = new Dictionary<(Guid Point, DateTimeOffset Start), (Guid Id, int Booked)>();
        var serials = new Dictionary<long, int>();
        var printedPerDay = new Dictionary<(Guid Point, DateOnly Day), int>();
        long appointmentNumber = 0;

        foreach (var village in villages)
        {
            var population = (long)Math.Round(settings.Residents * village.Weight / weightSum);
            var wajib = (int)(population * (0.66 + random.NextDouble() * 0.06));
            var before = (int)(wajib * (0.58 + random.NextDouble() * 0.17));
            var viaPortal = (int)Math.Min(wajib - before, wajib * (0.10 + random.NextDouble() * 0.20));
            var replacements = (int)(population * 0.02);
            targets.Add(new PopulationTarget
            {
                RegencyCode = Regency, RegionCode = village.Code, WajibKtp = wajib, RecordedBefore = before,
                AsOf = portalStart.AddDays(-1), ImportId = import.Id,
            });
            var office = officeOf.GetValueOrDefault(village.KecamatanCode) ?? dpks;
            var villageStops = stopsByVillage.GetValueOrDefault(village.Code);

            for (var i = 0; i < viaPortal + replacements; i++)
            {
                var service = i < viaPortal ? ServiceType.NewRecording
                    : random.Next(3) switch { 0 => ServiceType.ReplacementLost, 1 => ServiceType.ReplacementDamaged, _ => ServiceType.DataChange };
                // Where: the kecamatan office mostly, the DPKS office or a mobile unit's visit otherwise.
                var where = random.NextDouble();
                Stop? stop = where < 0.2 && villageStops is not null ? villageStops[random.Next(villageStops.Count)] : null;
                var point = stop is not null ? points.First(p => p.Id == stop.PointId) : where < 0.45 ? dpks : office;
                var day = stop?.Date ?? workingDays[random.Next(workingDays.Count)];
                var recordedAt = Wib.At(day, new TimeOnly(8, 0).AddMinutes(random.Next(0, 7 * 60 + 30)));

                var female = random.Next(2) == 0;
                var birth = today.AddDays(-random.Next(17 * 365 + 5, 80 * 365));
                var key = ((long)village.KecamatanNumber << 32) | (long)birth.DayNumber;
                var serial = serials[key] = serials.GetValueOrDefault(key) + 1;
                var nik = string.Create(CultureInfo.InvariantCulture,
                    $"1308{village.KecamatanNumber:00}{birth.Day + (female ? 40 : 0):00}{birth.Month:00}{birth.Year % 100:00}{serial:0000}");
                var nikHash = protector.Hash(nik);
                var recorded = random.NextDouble() < 0.95;

                Guid? appointmentId = null;
                if (stop is null && random.NextDouble() < 0.55)
                {
                    // A booked resident: the slot of the half hour they were recorded in.
                    var slotStart = Wib.At(day, TimeOnly.FromDateTime(recordedAt.ToWib().DateTime).AddMinutes(-(recordedAt.ToWib().Minute % 30)));
                    appointmentId = UuidV7.At(recordedAt.AddDays(-random.Next(1, 20)), random);
                    WriteAppointment(appointments, appointmentId.Value, slotStart, point.Id, service, recorded ? AppointmentStatus.Completed : AppointmentStatus.NotRecorded,
                        nik, nikHash, village.Code, birth, appointmentNumber++, recordedAt.AddDays(-random.Next(1, 20)), null);
                    counts.Appointments++;
                }
                // Some booked residents never come, some cancel: their appointments stand alone.
                if (random.NextDouble() < 0.08)
                {
                    var missedDay = workingDays[random.Next(workingDays.Count)];
                    var missedStart = Wib.At(missedDay, new TimeOnly(8, 0).AddMinutes(30 * random.Next(15)));
                    var cancelled = random.Next(3) == 0;
                    var created = missedStart.AddDays(-random.Next(1, 20));
                    WriteAppointment(appointments, UuidV7.At(created, random), missedStart, point.Kind == ServicePointKind.MobileUnit ? office.Id : point.Id, service,
                        cancelled ? AppointmentStatus.Cancelled : AppointmentStatus.NoShow, nik, nikHash, village.Code, birth, appointmentNumber++, created,
                        cancelled ? created.AddDays(1) : null);
                    counts.Appointments++;
                }

                var recordingId = UuidV7.At(recordedAt, random);
                recordings.StartRow();
                recordings.Write(recordingId, NpgsqlDbType.Uuid);
                recordings.Write(Regency, NpgsqlDbType.Varchar);
                recordings.Write(point.Id, NpgsqlDbType.Uuid);
                WriteNullable(recordings, appointmentId, NpgsqlDbType.Uuid);
                WriteNullable(recordings, stop?.Id, NpgsqlDbType.Uuid);
                recordings.Write(nikHash, NpgsqlDbType.Bytea);
                recordings.Write(protector.Encrypt(nik), NpgsqlDbType.Bytea);
                recordings.Write(village.Code, NpgsqlDbType.Varchar);
                recordings.Write(service.ToString(), NpgsqlDbType.Varchar);
                recordings.Write((recorded ? RecordingOutcome.Recorded : RecordingOutcome.NotRecorded).ToString(), NpgsqlDbType.Varchar);
                WriteNullable(recordings, recorded ? null : ((NotRecordedReason)random.Next(6)).ToString(), NpgsqlDbType.Varchar);
                recordings.Write(recordedAt, NpgsqlDbType.TimestampTz);
                recordings.Write(staffId, NpgsqlDbType.Uuid);
                recordings.Write(RecordingUpload.Acknowledged.ToString(), NpgsqlDbType.Varchar);
                recordings.Write(recordedAt, NpgsqlDbType.TimestampTz);
                counts.Recordings++;
                if (!recorded) continue;

                // The card, moved along the pipeline as far as its age allows.
                var age = today.DayNumber - day.DayNumber;
                var roll = random.NextDouble();
                var status = age < 3 ? (roll < 0.6 ? CardStatus.Recorded : CardStatus.SentForEnrollment)
                    : age < 14 ? (roll < 0.2 ? CardStatus.SentForEnrollment : roll < 0.55 ? CardStatus.PrintReady : roll < 0.7 ? CardStatus.SuketIssued : roll < 0.85 ? CardStatus.Printed : CardStatus.AtCollectionPoint)
                    : roll < 0.84 ? CardStatus.Collected : roll < 0.89 ? CardStatus.AtCollectionPoint : roll < 0.91 ? CardStatus.Printed
                    : roll < 0.94 ? CardStatus.SuketIssued : roll < 0.96 ? CardStatus.PrintReady : roll < 0.98 ? CardStatus.EnrollmentFailed : CardStatus.DuplicateRecord;
                var collectionPoint = point.CanPrint ? point : dpks;
                var updated = recordedAt.AddDays(Math.Min(age, random.Next(1, 30)));
                if (updated > now) updated = now;
                if (status is CardStatus.Printed or CardStatus.AtCollectionPoint or CardStatus.Collected)
                {
                    var printDay = DateOnly.FromDateTime(updated.ToWib().DateTime);
                    printedPerDay[(collectionPoint.Id, printDay)] = printedPerDay.GetValueOrDefault((collectionPoint.Id, printDay)) + 1;
                }
                cards.StartRow();
                cards.Write(UuidV7.At(recordedAt, random), NpgsqlDbType.Uuid);
                cards.Write(Regency, NpgsqlDbType.Varchar);
                cards.Write(nikHash, NpgsqlDbType.Bytea);
                cards.Write(protector.Encrypt(nik), NpgsqlDbType.Bytea);
                cards.Write(village.Code, NpgsqlDbType.Varchar);
                cards.Write(status.ToString(), NpgsqlDbType.Varchar);
                WriteNullable(cards, status == CardStatus.EnrollmentFailed ? "ENROLL_FAILURE_AT_CENTRAL" : null, NpgsqlDbType.Varchar);
                cards.Write(point.Id, NpgsqlDbType.Uuid);
                cards.Write(collectionPoint.Id, NpgsqlDbType.Uuid);
                cards.Write(recordingId, NpgsqlDbType.Uuid);
                WriteNullable(cards, status == CardStatus.SuketIssued ? (DateOnly?)day.AddMonths(6) : null, NpgsqlDbType.Date);
                cards.Write(recordedAt, NpgsqlDbType.TimestampTz);
                cards.Write(updated, NpgsqlDbType.TimestampTz);
                counts.Cards++;
            }
        }

        logger.LogInformation("Rows generated and sent in {Seconds} s", watch.Elapsed.TotalSeconds);
        await appointments.CompleteAsync(ct);
        await recordings.CompleteAsync(ct);
        await cards.CompleteAsync(ct);
        await appointments.DisposeAsync();
        await recordings.DisposeAsync();
        await cards.DisposeAsync();

        // Slots last, each sized to what was booked in it (the check constraint holds booked within capacity).
        await using (var slotCopy = await apptConn.BeginBinaryImportAsync(
                         "COPY slots (id, regency_code, service_point_id, date, starts_at, ends_at, capacity, booked, is_closed) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var ((pointId, start), (id, booked)) in slots)
            {
                slotCopy.StartRow();
                slotCopy.Write(id, NpgsqlDbType.Uuid);
                slotCopy.Write(Regency, NpgsqlDbType.Varchar);
                slotCopy.Write(pointId, NpgsqlDbType.Uuid);
                slotCopy.Write(DateOnly.FromDateTime(start.ToWib().DateTime), NpgsqlDbType.Date);
                slotCopy.Write(start, NpgsqlDbType.TimestampTz);
                slotCopy.Write(start.AddMinutes(30), NpgsqlDbType.TimestampTz);
                slotCopy.Write(Math.Max(booked, 3), NpgsqlDbType.Integer);
                slotCopy.Write(booked, NpgsqlDbType.Integer);
                slotCopy.Write(false, NpgsqlDbType.Boolean);
            }
            await slotCopy.CompleteAsync(ct);
        }
        counts.Slots = slots.Count;

        // Mobile-unit visits, blank stock (deliveries each month, use per printing day) and a few disruptions per point.
        db.MobileStops.AddRange(stops.Select(s => new MobileStop
        {
            Id = s.Id, RegencyCode = Regency, ServicePointId = s.PointId, Date = s.Date, VillageCode = s.VillageCode,
            Place = "Kantor Wali Nagari", Start = new(8, 30), End = new(14, 0),
        }));
        foreach (var ((pointId, day), used) in printedPerDay)
            db.BlankStock.Add(new BlankStockEntry { RegencyCode = Regency, ServicePointId = pointId, Kind = BlankStockKind.Used, Quantity = used, At = Wib.At(day, new(15, 0)), ById = staffId });
        foreach (var printer in printedPerDay.Keys.Select(k => k.Point).Distinct())
        {
            var monthly = printedPerDay.Where(p => p.Key.Point == printer).Sum(p => p.Value) / Math.Max(1, settings.Years * 12);
            for (var month = new DateOnly(portalStart.Year, portalStart.Month, 1); month < today; month = month.AddMonths(1))
            {
                db.BlankStock.Add(new BlankStockEntry { RegencyCode = Regency, ServicePointId = printer, Kind = BlankStockKind.Received,
                    Quantity = (int)(monthly * (0.9 + random.NextDouble() * 0.3)) + 20, At = Wib.At(month, new(9, 0)), ById = staffId });
                db.BlankStock.Add(new BlankStockEntry { RegencyCode = Regency, ServicePointId = printer, Kind = BlankStockKind.Spoiled,
                    Quantity = 1 + random.Next(4), At = Wib.At(month.AddDays(14), new(10, 0)), ById = staffId });
            }
        }
        foreach (var point in points)
            for (var day = portalStart; day < today; day = day.AddDays(random.Next(5, 25)))
            {
                var start = Wib.At(day, new TimeOnly(8, 0).AddMinutes(random.Next(0, 300)));
                var end = start.AddMinutes(random.Next(20, 8 * 60));
                db.Disruptions.Add(new Disruption
                {
                    RegencyCode = Regency, ServicePointId = point.Id, Kind = (DisruptionKind)random.Next(5), StartsAt = start,
                    ExpectedEndAt = end, EndedAt = end > now ? null : end, PublicNote = "Gangguan (data sintetis)", DeclaredById = staffId,
                });
            }
        db.PopulationTargetImports.Add(import);
        db.PopulationTargets.AddRange(targets);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        // The balance rows (the printing lock's rows, decision 1520) as the ledger just written has them.
        foreach (var (pointId, balance) in await EKtp.Web.Features.Cards.BlankStock.BalancesAsync(db, ct))
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO blank_stock_balances (service_point_id, balance) VALUES ({pointId}, {Math.Max(balance, 0)})
                ON CONFLICT (service_point_id) DO UPDATE SET balance = EXCLUDED.balance
                """, ct);
        logger.LogInformation("Synthetic data written: {Recordings} recordings, {Cards} cards, {Appointments} appointments", counts.Recordings, counts.Cards, counts.Appointments);

        logger.LogInformation("Everything written in {Seconds} s", watch.Elapsed.TotalSeconds);
        await db.Database.ExecuteSqlRawAsync("ANALYZE appointments; ANALYZE recordings; ANALYZE cards; ANALYZE slots;", ct);
        await rollups.RebuildAsync(ct);
        logger.LogInformation("Rollups rebuilt at {Seconds} s", watch.Elapsed.TotalSeconds);
        return counts;

        void WriteAppointment(NpgsqlBinaryImporter copy, Guid id, DateTimeOffset slotStart, Guid pointId, ServiceType service, AppointmentStatus status,
            string nik, byte[] nikHash, string villageCode, DateOnly birth, long number, DateTimeOffset created, DateTimeOffset? cancelledAt)
        {
            var slotKey = (pointId, slotStart);
            var slot = slots.TryGetValue(slotKey, out var s) ? s : (UuidV7.At(slotStart.AddDays(-40), random), 0);
            slots[slotKey] = (slot.Item1, slot.Item2 + (status == AppointmentStatus.Cancelled ? 0 : 1));
            copy.StartRow();
            copy.Write(id, NpgsqlDbType.Uuid);
            copy.Write(Regency, NpgsqlDbType.Varchar);
            copy.Write(Code(number), NpgsqlDbType.Varchar);
            copy.Write(slot.Item1, NpgsqlDbType.Uuid);
            copy.Write(pointId, NpgsqlDbType.Uuid);
            copy.Write(service.ToString(), NpgsqlDbType.Varchar);
            copy.Write(status.ToString(), NpgsqlDbType.Varchar);
            copy.Write(nikHash, NpgsqlDbType.Bytea);
            copy.Write(protector.Encrypt(nik), NpgsqlDbType.Bytea);
            copy.Write(protector.Encrypt(nik[..6] + nik[^10..]), NpgsqlDbType.Bytea);
            copy.Write(faker.Name.FullName(), NpgsqlDbType.Varchar);
            copy.Write(birth, NpgsqlDbType.Date);
            copy.Write("08" + random.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
            copy.Write(villageCode, NpgsqlDbType.Varchar);
            copy.Write(false, NpgsqlDbType.Boolean);
            copy.Write(UuidV7.At(created, random), NpgsqlDbType.Uuid);
            copy.Write(created, NpgsqlDbType.TimestampTz);
            WriteNullable(copy, cancelledAt, NpgsqlDbType.TimestampTz);
            copy.Write(0, NpgsqlDbType.Integer);
        }
    }

    /// <summary>Unique, reproducible appointment codes: a bijection of the counter onto the code alphabet.</summary>
    private static string Code(long number)
    {
        const long space = 27_512_614_111; // 31^7
        var n = (number * 2_654_435_761L + 97_531) % space;
        Span<char> c = stackalloc char[BookingCode.Length];
        for (var i = BookingCode.Length - 1; i >= 0; i--) { c[i] = BookingCode.Alphabet[(int)(n % 31)]; n /= 31; }
        return BookingCode.Prefix + new string(c);
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, object? value, NpgsqlDbType type)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, type);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        // Unpooled: the session setting below must not outlive this connection in the pool (decision 0006).
        var connection = new NpgsqlConnection(DatabaseConnection.Unpooled(connectionString));
        await connection.OpenAsync(ct);
        // Foreign keys are checked by triggers; the generator writes slots after the appointments that point at them,
        // so it switches them off for its own sessions (the seeding account owns the database).
        await using var command = new NpgsqlCommand("SET session_replication_role = replica", connection);
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
