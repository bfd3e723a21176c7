using EKtp.Web.Data;
using EKtp.Web.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using EKtp.Web.Data.Configurations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EKtp.Web.Features.MobileUnits;

public sealed class MobileVisitInput
{
    public string? ContactName { get; set; }
    public string? Phone { get; set; }
    public string? VillageCode { get; set; }
    public string? Place { get; set; }
    public string? PeopleCount { get; set; }
    public string? PreferredDate1 { get; set; }
    public string? PreferredDate2 { get; set; }
    public string? PreferredDate3 { get; set; }

    public IEnumerable<string> Dates() =>
        new[] { PreferredDate1, PreferredDate2, PreferredDate3 }.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!.Trim());
}

public sealed class MobileVisitInputValidator : AbstractValidator<MobileVisitInput>
{
    public MobileVisitInputValidator(EKtpDbContext db, TimeProvider clock, IOptions<MobileUnitsOptions> options)
    {
        var o = options.Value;
        RuleFor(x => x.ContactName).NotEmpty().WithMessage("Isi nama penanggung jawab.")
            .MaximumLength(120).WithMessage("Nama paling banyak 120 karakter.");
        RuleFor(x => x.Phone).Must(p => PhoneNumber.Normalize(p) is not null)
            .WithMessage("Isi nomor HP yang aktif, misalnya 0812 3456 7890.");
        RuleFor(x => x.VillageCode).NotEmpty().WithMessage("Pilih nagari.")
            .MustAsync((code, ct) => db.Regions.AnyAsync(r => r.Code == code && r.Level == RegionLevel.Village, ct)).WithMessage("Pilih nagari.");
        RuleFor(x => x.Place).NotEmpty().WithMessage("Tulis tempat berkumpul (misalnya kantor wali nagari).")
            .MaximumLength(200).WithMessage("Tempat paling banyak 200 karakter.");
        RuleFor(x => x.PeopleCount)
            .Must(v => int.TryParse(v, out _)).WithMessage("Tulis jumlah warga dengan angka.")
            .Must(v => int.TryParse(v, out var n) && n >= o.MinimumGroupSize)
            .WithMessage($"Kunjungan dapat diminta untuk paling sedikit {o.MinimumGroupSize} warga yang perlu direkam.")
            .Must(v => int.TryParse(v, out var n) && n <= 2000).WithMessage("Jumlah warga paling banyak 2000.");
        RuleFor(x => x.PreferredDate1).NotEmpty().WithMessage("Pilih paling sedikit satu tanggal.");
        DateRule(x => x.PreferredDate1, clock, o);
        DateRule(x => x.PreferredDate2, clock, o);
        DateRule(x => x.PreferredDate3, clock, o);
    }

    private void DateRule(System.Linq.Expressions.Expression<Func<MobileVisitInput, string?>> field, TimeProvider clock, MobileUnitsOptions o) =>
        RuleFor(field).Must(v => WibInput.TryDate(v, out _)).WithMessage("Tanggal tidak valid.")
            .Must(v => WibInput.Date(v) >= clock.Today().AddDays(o.MinimumNoticeDays) && WibInput.Date(v) <= clock.Today().AddDays(o.MaximumDaysAhead))
            .WithMessage($"Pilih tanggal antara {o.MinimumNoticeDays} dan {o.MaximumDaysAhead} hari dari hari ini.")
            .When(x => !string.IsNullOrWhiteSpace(field.Compile()(x)));
}

/// <summary>
/// Records a group's request for a mobile-unit visit. The same phone asking again for the same nagari while a request
/// is pending gets that request, not a second one: a unique index holds one pending request per phone and nagari, so
/// two forms racing make one request too (a repeated submit of one form is settled before, by its key).
/// </summary>
public sealed class RequestMobileVisit(EKtpDbContext db, TimeProvider clock)
{
    public async Task<MobileVisitRequest> HandleAsync(MobileVisitInput input, CancellationToken ct)
    {
        var phone = PhoneNumber.Normalize(input.Phone)!;
        if (await PendingAsync(phone, input.VillageCode!, ct) is { } existing) return existing;
        var request = new MobileVisitRequest
        {
            ContactName = input.ContactName!.Trim(), Phone = phone, VillageCode = input.VillageCode!, Place = input.Place!.Trim(),
            PeopleCount = int.Parse(input.PeopleCount!), PreferredDates = string.Join(", ", input.Dates().Distinct().Order()),
            CreatedAt = clock.GetUtcNow(),
        };
        db.MobileVisitRequests.Add(request);
        try
        {
            // A savepoint (EF's, inside SubmitOnce's transaction) keeps that transaction usable after a refused insert.
            await db.SaveChangesAsync(ct);
            return request;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException
            { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: MobileVisitRequestConfiguration.OnePendingPerPhoneAndVillage })
        {
            db.ChangeTracker.Clear();
            return await PendingAsync(phone, input.VillageCode!, ct) ?? throw new InvalidOperationException("The pending request that refused the insert is gone.", e);
        }
    }

    private Task<MobileVisitRequest?> PendingAsync(string phone, string villageCode, CancellationToken ct) =>
        db.MobileVisitRequests.SingleOrDefaultAsync(r => r.Phone == phone && r.VillageCode == villageCode && r.Status == VisitRequestStatus.Pending, ct);
}
