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
}

public sealed class WalkInValidator : AbstractValidator<WalkInInput>
{
    public WalkInValidator(IStringLocalizer<StaffText> l) =>
        RuleFor(x => x.Service).IsInEnum().WithMessage(l["Pilih jenis layanan."]);
}

/// <summary>
/// Issues a walk-in ticket (series B) within the point's daily walk-in quota, which the database enforces. A form sent
/// twice (a double click) issues one ticket, and the second answer names it.
/// </summary>
public sealed class WalkIn(EKtpDbContext db, TimeProvider clock, SubmitOnce once, FieldJournal journal, IStringLocalizer<StaffText> l)
{
    public async Task<QueueResult> RunAsync(ServicePoint point, WalkInInput input, Guid? formKey = null, CancellationToken ct = default)
    {
        QueueResult? issued = null;
        var submitted = await once.RunAsync("walk-in", formKey, async c => (issued = await IssueAsync(point, input, c)).TicketId, ct);
        if (!submitted.Repeated) return issued!;
        var first = await db.QueueTickets.AsNoTracking().SingleAsync(t => t.Id == submitted.Id, ct);
        return Done(first.Label, first.Id);
    }

    private QueueResult Done(string label, Guid ticketId) => QueueResult.Done(l["Nomor datang langsung {0} diberikan.", label], ticketId);

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
        };
        db.QueueTickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        await journal.TicketIssuedAsync(ticket, ct);
        await tx.CommitAsync(ct);
        return Done(ticket.Label, ticket.Id);
    }
}
