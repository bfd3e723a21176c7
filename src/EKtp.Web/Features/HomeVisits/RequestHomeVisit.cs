using EKtp.Web.Data;
using EKtp.Web.Data.Configurations;
using EKtp.Web.Domain;
using EKtp.Web.Features.Booking;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EKtp.Web.Features.HomeVisits;

/// <summary>What the <c>/home-visit</c> form sends; all text, so a bad value gets a message rather than a binding error.</summary>
public sealed class HomeVisitInput
{
    public string? ResidentName { get; set; }
    public string? Reason { get; set; }
    public string? ReasonNote { get; set; }
    public string? VillageCode { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? FamilyMemberName { get; set; }

    public HomeVisitReason? ParsedReason =>
        Enum.GetNames<HomeVisitReason>().Contains(Reason) ? Enum.Parse<HomeVisitReason>(Reason!) : null;
}

public sealed class HomeVisitInputValidator : AbstractValidator<HomeVisitInput>
{
    public HomeVisitInputValidator(VillageDirectory villages)
    {
        RuleFor(x => x.ResidentName).NotEmpty().WithMessage("Isi nama warga yang akan direkam.")
            .MaximumLength(120).WithMessage("Nama paling banyak 120 karakter.");
        RuleFor(x => x.Reason).Must(r => Enum.GetNames<HomeVisitReason>().Contains(r))
            .WithMessage("Pilih alasan warga tidak dapat datang.");
        RuleFor(x => x.ReasonNote).NotEmpty().When(x => x.ParsedReason == HomeVisitReason.Other)
            .WithMessage("Tuliskan alasannya.");
        RuleFor(x => x.ReasonNote).MaximumLength(200).WithMessage("Alasan paling banyak 200 karakter.");
        RuleFor(x => x.VillageCode).MustAsync(async (code, ct) => await villages.FindAsync(code, ct) is not null)
            .WithMessage("Pilih nagari tempat warga tinggal.");
        RuleFor(x => x.Address).NotEmpty().WithMessage("Tulis alamat rumah (jorong, jalan, patokan).")
            .MaximumLength(300).WithMessage("Alamat paling banyak 300 karakter.");
        RuleFor(x => x.Phone).Must(p => PhoneNumber.Normalize(p) is not null)
            .WithMessage("Isi nomor HP yang aktif, misalnya 0812 3456 7890.");
        RuleFor(x => x.FamilyMemberName).NotEmpty().WithMessage("Isi nama anggota keluarga yang mendampingi.")
            .MaximumLength(120).WithMessage("Nama paling banyak 120 karakter.");
    }
}

/// <summary>
/// Records a home visit request and queues its "received" message in the same transaction (SubmitOnce's, so twenty
/// copies of one form make one request and one message). The reference is drawn again in the rare case it was taken.
/// </summary>
public sealed class RequestHomeVisit(EKtpDbContext db, TimeProvider clock, IOptions<SiteOptions> site)
{
    public async Task<HomeVisitRequest> HandleAsync(HomeVisitInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reason = input.ParsedReason!.Value;
        for (var attempt = 1; ; attempt++)
        {
            var request = new HomeVisitRequest
            {
                Reference = HomeVisitReference.New(), ResidentName = input.ResidentName!.Trim(), Reason = reason,
                ReasonNote = reason == HomeVisitReason.Other ? input.ReasonNote!.Trim() : null, VillageCode = input.VillageCode!,
                Address = input.Address!.Trim(), Phone = PhoneNumber.Normalize(input.Phone)!, FamilyMemberName = input.FamilyMemberName!.Trim(),
                CreatedAt = now, UpdatedAt = now,
            };
            db.HomeVisitRequests.Add(request);
            HomeVisitMessages.Received(db, clock, request, site.Value);
            try
            {
                // EF's savepoint inside SubmitOnce's transaction keeps it usable after a refused insert.
                await db.SaveChangesAsync(ct);
                return request;
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is PostgresException
                { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: HomeVisitRequestConfiguration.ReferenceIndex })
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
