using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Shared;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Features.Booking;

/// <summary>
/// What the personal-data form and <c>POST /api/v1/bookings</c> send. Everything arrives as text so that a bad value
/// gets a message beside its field instead of a binding error.
/// </summary>
public sealed class BookingInput
{
    public Guid? SlotId { get; set; }
    /// <summary>The API's wire word: new-recording, replacement-lost, replacement-damaged, data-change, ikd-activation.</summary>
    public string? Service { get; set; }
    public string? Nik { get; set; }
    public string? KkNumber { get; set; }
    public string? FullName { get; set; }
    /// <summary>YYYY-MM-DD (what a date input sends), or DD-MM-YYYY / DD/MM/YYYY as people type it.</summary>
    public string? BirthDate { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? VillageCode { get; set; }
    /// <summary>Asked of residents under 17: married or once married residents must hold a KTP-el too.</summary>
    public bool? MarriedOrOnceMarried { get; set; }
    /// <summary>The resident has seen that the birth date differs from the NIK's and says it is right.</summary>
    public bool BirthDateConfirmed { get; set; }
    /// <summary>The form's one-time key (or the API's Idempotency-Key header).</summary>
    public Guid? IdempotencyKey { get; set; }

    /// <summary>The same answers for another slot (the way on after a refusal).</summary>
    public BookingInput WithSlot(Guid slotId)
    {
        var copy = (BookingInput)MemberwiseClone();
        copy.SlotId = slotId;
        return copy;
    }

    // Methods, not properties: MVC validation reads every property of a bound model.
    public ServiceType ServiceType() => ApiFormat.ParseService(Service) ?? throw new InvalidOperationException("Validate the input first.");
    public DateOnly ParsedBirthDate() => WibInput.TryDate(BirthDate, out var d) ? d : throw new InvalidOperationException("Validate the input first.");
}

/// <summary>The one set of rules for the booking page and the API.</summary>
public sealed class BookingInputValidator : AbstractValidator<BookingInput>
{
    public BookingInputValidator(IStringLocalizer<BookingText> l, TimeProvider clock, VillageDirectory villages, IOptions<TenantOptions> tenant)
    {
        RuleFor(x => x.Service).Must(s => ApiFormat.ParseService(s) is not null).WithMessage(_ => l["Pilih layanan."]);
        RuleFor(x => x.SlotId).Must(id => id is { } g && g != Guid.Empty).WithMessage(_ => l["Pilih jadwal."]);

        RuleFor(x => x.Nik).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) { ctx.AddFailure(l["Isi NIK Anda (16 angka, ada di KK)."]); return; }
            var message = Nik.Check(value, clock.Today(), out _) switch
            {
                NikProblem.None => null,
                NikProblem.Format => l["NIK harus 16 angka."],
                NikProblem.Province => l["Dua angka pertama NIK (kode provinsi) tidak dikenal."],
                NikProblem.Regency => l["Angka ke-3 dan ke-4 NIK (kode kabupaten/kota) tidak sah."],
                NikProblem.BirthDate => l["Angka ke-7 sampai ke-12 NIK (tanggal lahir) tidak sah."],
                _ => l["Empat angka terakhir NIK tidak boleh 0000."],
            };
            if (message is not null) ctx.AddFailure(message);
        });

        RuleFor(x => x.KkNumber).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(l["Isi nomor Kartu Keluarga (16 angka)."]);
            else if (!KkNumber.IsValid(value)) ctx.AddFailure(l["Nomor KK harus 16 angka, diawali kode wilayah yang sah."]);
        });

        RuleFor(x => x.FullName).Custom((value, ctx) =>
        {
            var name = (value ?? "").Trim();
            if (name.Length == 0) ctx.AddFailure(l["Isi nama lengkap sesuai KK."]);
            else if (name.Length > 120) ctx.AddFailure(l["Nama paling panjang 120 huruf."]);
            else if (!name.All(c => char.IsLetter(c) || c is ' ' or '.' or ',' or '\'' or '-'))
                ctx.AddFailure(l["Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik, dan tanda hubung."]);
        });

        RuleFor(x => x.BirthDate).Custom((value, ctx) =>
        {
            var input = ctx.InstanceToValidate;
            var today = clock.Today();
            if (string.IsNullOrWhiteSpace(value)) { ctx.AddFailure(l["Isi tanggal lahir."]); return; }
            if (!WibInput.TryDate(value, out var birth)) { ctx.AddFailure(l["Tanggal lahir tidak dikenali. Tulis seperti 31-12-1990."]); return; }
            if (birth > today || birth.Year < 1900) { ctx.AddFailure(l["Tanggal lahir tidak mungkin."]); return; }
            // The NIK carries the birth date; a difference is usually a typo, but NIKs with wrong dates exist: warn, let the resident confirm.
            if (Nik.TryParse(input.Nik, today, out var nik) && nik.Value.BirthDate != birth && !input.BirthDateConfirmed)
                ctx.AddFailure(string.Format(CultureInfo.CurrentCulture,
                    l["Tanggal lahir berbeda dengan tanggal di NIK ({0}). Periksa kembali; bila sudah benar, centang konfirmasi."],
                    nik.Value.BirthDate.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)));
            if (Eligibility.AgeOn(birth, today) < Eligibility.MinimumAge && input.MarriedOrOnceMarried != true)
                ctx.AddFailure(nameof(BookingInput.MarriedOrOnceMarried), input.MarriedOrOnceMarried is null
                    ? l["Anda belum berumur 17 tahun. Jawab: apakah Anda sudah atau pernah kawin?"]
                    : l["Anda belum wajib KTP-el: umur di bawah 17 tahun dan belum pernah kawin."]);
        });

        RuleFor(x => x.Phone).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(l["Isi nomor HP untuk pemberitahuan."]);
            else if (PhoneNumber.Normalize(value) is null) ctx.AddFailure(PhoneMalformed(l));
        });

        RuleFor(x => x.Email).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            var email = value.Trim();
            var at = email.IndexOf('@');
            if (email.Length > 200 || at < 1 || at != email.LastIndexOf('@') || !email[(at + 1)..].Contains('.') || email.Any(char.IsWhiteSpace))
                ctx.AddFailure(l["Alamat email tidak sah (boleh dikosongkan)."]);
        });

        RuleFor(x => x.VillageCode).CustomAsync(async (value, ctx, ct) =>
        {
            if (string.IsNullOrWhiteSpace(value)) { ctx.AddFailure(l["Pilih nagari tempat tinggal."]); return; }
            var prefix = tenant.Value.RegencyCode + ".";
            if (!value.StartsWith(prefix, StringComparison.Ordinal) || await villages.FindAsync(value, ct) is null)
                ctx.AddFailure(l["Nagari tidak dikenal. Pilih dari daftar."]);
        });
    }

    /// <summary>The phone field's message, shared by every form that asks for a mobile number (the walk-in counter too).</summary>
    public static string PhoneMalformed(IStringLocalizer<BookingText> l) => l["Nomor HP harus nomor seluler Indonesia, diawali 08 atau +62."];
}

/// <summary><see cref="NoLongerActive"/>: the same form (or Idempotency-Key) made an appointment before, and it has since
/// been cancelled or served; the outcome carries it, so the answer says what became of it instead of a fresh slip.</summary>
public enum BookingResult { Booked, SlotNotFound, SlotFull, SlotClosed, Duplicate, NoLongerActive }

/// <summary>What booking gave: the appointment, or why not and the next free slots as a way on. With
/// <see cref="BookingResult.SlotClosed"/>, <see cref="Why"/> says what kept the slot from being booked (closed, today, past…).</summary>
public sealed record BookingOutcome(BookingResult Result, Appointment? Appointment, Slot? Slot, IReadOnlyList<SlotChoice> NextSlots,
    SlotRefusal Why = SlotRefusal.None)
{
    public bool Succeeded => Result == BookingResult.Booked;
}

/// <summary>
/// Books a validated input in one statement: the slot's place is taken by one conditional UPDATE, the appointment and
/// its "booking confirmed" message are inserted, and the unique indexes settle what the checks before could not
/// (a second active appointment for the NIK and service, a repeated submit of the same form).
/// </summary>
public sealed class BookAppointment(EKtpDbContext db, TimeProvider clock, PersonalDataProtector protector, SlotPlaces places,
    IOptions<BookingOptions> options, IOptions<SiteOptions> site, IOptions<TenantOptions> tenant)
{
    public async Task<BookingOutcome> BookAsync(BookingInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var nik = Nik.Normalize(input.Nik);
        var nikHash = protector.Hash(nik);
        var service = input.ServiceType();
        var key = input.IdempotencyKey is { } k && k != Guid.Empty ? k : Guid.NewGuid();

        // The happy path reads only the slot, then writes: the unique indexes tell a repeated submit (its idempotency
        // key) and a second active appointment for the NIK and service apart inside the transaction. Every refusal
        // first looks for a repeat, and all but "closed" for a duplicate too (RefusedAsync): decision 0104.
        // The slot's time and place come from a copy kept for a minute (decision 1710); whether it has room, the statement says.
        var kept = input.SlotId is { } slotId ? await places.FindAsync(db, slotId, ct) : null;
        // A refusal by the window is said as the database has the slot now (a closed slot says "closed" first).
        if (kept is { Fresh: false } && Window().Refusal(kept.Slot) is not SlotRefusal.None)
            kept = await places.ReadAsync(db, kept.Slot.Id, ct) is { } read ? new SlotPlaces.Kept(read, Fresh: true) : null;
        if (kept is not { Slot: var slot }) return await NotFoundAsync(key, nikHash, service, ct);
        if (Window().Refusal(slot) is var why and not (SlotRefusal.None or SlotRefusal.Full))
            return await RefusedAsync(BookingResult.SlotClosed, slot, key, nikHash, service, ct, duplicateFirst: false, why);
        // Full as just read: no need to write. (Room as read is only a hint: the conditional UPDATE decides.)
        if (kept.Fresh && slot.Booked >= slot.Capacity) return await RefusedAsync(BookingResult.SlotFull, slot, key, nikHash, service, ct);

        return await ReserveAndInsertAsync(input, slot, nik, nikHash, service, key, now, ct);
    }

    private async Task<BookingOutcome> NotFoundAsync(Guid key, byte[] nikHash, ServiceType service, CancellationToken ct) =>
        await EarlierAsync(key, nikHash, service, ct) is { Appointment: not null } repeated
            ? repeated
            : new BookingOutcome(BookingResult.SlotNotFound, null, null, []);

    private async Task<BookingOutcome> ReserveAndInsertAsync(BookingInput input, Slot slot, string nik, byte[] nikHash,
        ServiceType service, Guid key, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var appointment = new Appointment
            {
                Code = BookingCode.New(), SlotId = slot.Id, ServicePointId = slot.ServicePointId, Service = service,
                NikHash = nikHash, NikCipher = protector.Encrypt(nik), KkCipher = protector.Encrypt(Nik.Normalize(input.KkNumber)),
                FullName = CollapseSpaces(input.FullName!), BirthDate = input.ParsedBirthDate(),
                Phone = PhoneNumber.Normalize(input.Phone)!, Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
                VillageCode = input.VillageCode!, DeclaredMarried = input.MarriedOrOnceMarried == true,
                IdempotencyKey = key, CreatedAt = now,
            };
            var confirmation = Infrastructure.Notifications.Outbox.Message(clock, NotificationKinds.BookingConfirmed,
                "booking-confirmed:" + appointment.Id.ToString("N"), appointment.Phone, ConfirmationText(appointment, slot));
            var result = await db.BookAsync(appointment, slot.MobileStop, confirmation, now, tenant.Value.RegencyCode, ct);
            switch (result)
            {
                case BookSlotResult.Booked:
                    PortalMetrics.BookingMade();
                    appointment.Slot = slot;
                    return new BookingOutcome(BookingResult.Booked, appointment, slot, []);
                case BookSlotResult.SlotUnavailable:
                    // Read again (and kept again): full, closed, past, or its stop moved or renamed since it was read.
                    if (await places.ReadAsync(db, slot.Id, ct) is not { } fresh) return await NotFoundAsync(key, nikHash, service, ct);
                    var why = Window().Refusal(fresh);
                    if (why == SlotRefusal.None && (fresh.MobileStopId, fresh.MobileStop?.Place) != (slot.MobileStopId, slot.MobileStop?.Place) && attempt < 3)
                    {
                        slot = fresh;
                        continue;
                    }
                    // Closed (or past) as read now says so even to a duplicate, as when it was closed when first read.
                    var full = why is SlotRefusal.None or SlotRefusal.Full;
                    return await RefusedAsync(full ? BookingResult.SlotFull : BookingResult.SlotClosed, fresh, key, nikHash, service, ct,
                        duplicateFirst: full, why: why);
            }
            if (await FindByKeyAsync(key, nikHash, ct) is { } same) return same;
            if (result == BookSlotResult.DuplicateActive) return new BookingOutcome(BookingResult.Duplicate, null, slot, []);
            // A code drawn twice (one in billions) or a key reused by another NIK: draw again.
            if (attempt >= 3) throw new InvalidOperationException($"Booking failed {attempt + 1} times on a unique index ({result}).");
            if (result == BookSlotResult.KeyUsed) key = Guid.NewGuid();
        }
    }

    /// <summary>The SMS: short, in Indonesian, no NIK.</summary>
    private string ConfirmationText(Appointment a, Slot slot) =>
        NotificationTexts.BookingConfirmed(a.Code, slot.StartsAt, BookingSlip.PlaceInMessage(slot), site.Value);

    private BookingWindow Window() => clock.BookingWindow(options.Value.WindowDays);

    /// <summary>
    /// A refusal, unless the same form was sent before (its appointment is the answer) or the NIK already holds an active
    /// appointment for the service (a duplicate: choosing another slot would not help).
    /// </summary>
    /// <remarks>A slot that was closed when read says "closed" even to a duplicate (<paramref name="duplicateFirst"/> false):
    /// the resident learns first that this slot cannot be had, and the next free slots come with it.</remarks>
    private async Task<BookingOutcome> RefusedAsync(BookingResult result, Slot slot, Guid key, byte[] nikHash, ServiceType service,
        CancellationToken ct, bool duplicateFirst = true, SlotRefusal why = SlotRefusal.None)
    {
        switch (await EarlierAsync(key, nikHash, service, ct))
        {
            case { Appointment: not null } repeated: return repeated;
            case { Result: BookingResult.Duplicate } duplicate when duplicateFirst: return duplicate with { Slot = slot };
        }
        var today = clock.Today();
        var next = await db.NextFreeAsync(slot.ServicePointId, slot.StartsAt, today, options.Value.WindowDays, ct: ct);
        if (next.Count == 0) next = await db.NextFreeAsync(slot.ServicePointId, DateTimeOffset.MinValue, today, options.Value.WindowDays, ct: ct);
        return new BookingOutcome(result, null, slot, next, why);
    }

    /// <summary>What an earlier booking settles: the same form sent before, or an active appointment of the NIK for the service.</summary>
    private async Task<BookingOutcome?> EarlierAsync(Guid key, byte[] nikHash, ServiceType service, CancellationToken ct)
    {
        var earlier = await db.Appointments.AsNoTracking().Where(a => a.IdempotencyKey == key)
            .Concat(db.Appointments.AsNoTracking().Where(Appointment.IsActive).Where(a => a.NikHash == nikHash && a.Service == service))
            .Select(a => new { a.IdempotencyKey, a.NikHash })
            .ToListAsync(ct);
        if (earlier.Any(a => a.IdempotencyKey == key && a.NikHash.AsSpan().SequenceEqual(nikHash))
            && await FindByKeyAsync(key, nikHash, ct) is { } repeated)
            return repeated;
        return earlier.Any(a => a.NikHash.AsSpan().SequenceEqual(nikHash) && a.IdempotencyKey != key)
            ? new BookingOutcome(BookingResult.Duplicate, null, null, [])
            : null;
    }

    private async Task<BookingOutcome?> FindByKeyAsync(Guid key, byte[] nikHash, CancellationToken ct)
    {
        var found = await db.Appointments.AsNoTracking()
            .Include(a => a.Slot).ThenInclude(s => s!.ServicePoint)
            .Include(a => a.Slot).ThenInclude(s => s!.MobileStop)
            .SingleOrDefaultAsync(a => a.IdempotencyKey == key, ct);
        // A key is only ever answered for the NIK that used it; and with its appointment as it is now, so a form sent
        // again after a cancel shows the cancel, not a fresh slip.
        if (found is null || !found.NikHash.AsSpan().SequenceEqual(nikHash)) return null;
        return new BookingOutcome(found.HoldsPlace() ? BookingResult.Booked : BookingResult.NoLongerActive, found, found.Slot, []);
    }

    private static string CollapseSpaces(string s) => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
