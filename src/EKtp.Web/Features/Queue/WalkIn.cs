using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Queue;

public sealed class WalkInInput
{
    public ServiceType Service { get; set; } = ServiceType.NewRecording;
    /// <summary>Optional: the resident's mobile number, for the card-ready message.</summary>
    public string? Phone { get; set; }
}

public sealed class WalkInValidator : AbstractValidator<WalkInInput>
{
    public WalkInValidator(IStringLocalizer<StaffText> l, IStringLocalizer<Booking.BookingText> booking)
    {
        RuleFor(x => x.Service).IsInEnum().WithMessage(l["Pilih jenis layanan."]);
        // Optional, and checked as the booking form checks it.
        RuleFor(x => x.Phone).Must(p => string.IsNullOrWhiteSpace(p) || PhoneNumber.Normalize(p) is not null)
            .WithMessage(_ => Booking.BookingInputValidator.PhoneMalformed(booking));
    }
}

/// <summary>
/// Issues a walk-in ticket (series B) within the point's daily walk-in quota, which the database enforces. A form sent
/// twice (a double click) issues one ticket, and the second answer names it. The ticket carries a status code drawn
/// like a booking code (<see cref="BookingCode.New"/>), which the resident keeps to follow the card on /status, and
/// the optional phone the card-ready message goes to.
/// </summary>
public sealed class WalkIn(EKtpDbContext db, TimeProvider clock, SubmitOnce once, FieldJournal journal, IStringLocalizer<StaffText> l)
{
    public async Task<QueueResult> RunAsync(ServicePoint point, WalkInInput input, Guid? formKey = null, CancellationToken ct = default)
    {
        QueueResult? issued = null;
        var submitted = await once.RunAsync("walk-in", formKey, async c => (issued = await IssueAsync(point, input, c)).TicketId, ct);
        if (!submitted.Repeated) return issued!;
        var first = await db.QueueTickets.AsNoTracking().SingleAsync(t => t.Id == submitted.Id, ct);
        return Done(first);
    }

    private QueueResult Done(QueueTicket t) => QueueResult.Done(
        l["Nomor datang langsung {0} diberikan.", t.Label] + " " +
        l["Kode status {0}: berikan kepada warga untuk menanyakan status kartunya.", t.StatusCode ?? ""], t.Id);

    private async Task<QueueResult> IssueAsync(ServicePoint point, WalkInInput input, CancellationToken ct)
    {
        var today = clock.Today();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var number = await db.TakeAsync(point.Id, today, TicketSeries.B, ct);
        if (number is null)
            return QueueResult.Refused(l["Kuota datang langsung hari ini ({0} orang) sudah habis. Sarankan warga membuat janji.", point.WalkInDailyQuota], nameof(input.Service));
        var now = clock.GetUtcNow();
        var ticket = new QueueTicket
        {
            ServicePointId = point.Id, ServiceDate = today, Series = TicketSeries.B, Number = number.Value,
            Service = input.Service, IssuedAt = now, OrderAt = now,
            StatusCode = BookingCode.New(), Phone = PhoneNumber.Normalize(input.Phone),
        };
        db.QueueTickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        await journal.TicketIssuedAsync(ticket, ct);
        await tx.CommitAsync(ct);
        return Done(ticket);
    }
}
