using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Display;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Queue;

/// <summary>Today's queue at a service point: check-in, walk-ins, call next, skip, recall and each ticket's outcome.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class QueueController(EKtpDbContext db, TimeProvider clock, QueueBoard board, AuditLog audit,
    PersonalDataProtector protector, IStringLocalizer<StaffText> l) : Controller
{
    public const string Root = "/staff/queue";
    public static string PointPath(string code) => $"{Root}/{code}";
    public const string CounterCookie = "ektp.counter";
    public const string LiveRefreshHeader = "X-Queue-Refresh";

    [HttpGet(Root)]
    public async Task<IActionResult> Choose(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin))
        {
            var own = User.ServicePointOf();
            var code = own is null ? null : await db.ServicePoints.Where(p => p.Id == own).Select(p => p.Code).SingleOrDefaultAsync(ct);
            return code is null ? Forbid() : Redirect(PointPath(code));
        }
        var points = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(ct);
        return View(points);
    }

    [HttpGet(Root + "/{pointCode}")]
    public async Task<IActionResult> Index([FromPointCode] ServicePoint point, CancellationToken ct)
    {
        // queue-live.js fetching the page for its lists gets them without the layout, and so never loads TempData: a
        // refresh sent just before this operator's own post-redirect-get must not answer with a TempData cookie (kept,
        // or deleted because it had none yet) that lands after the post's and takes its flash message away.
        if (Request.Headers.ContainsKey(LiveRefreshHeader)) ViewData[LiveRefreshHeader] = true;
        return View(await ReadQueueAsync(point, ct));
    }

    [HttpPost(Root + "/{pointCode}/check-in")]
    public async Task<IActionResult> CheckIn([FromPointCode] ServicePoint point, CheckInInput input, [FromServices] IValidator<CheckInInput> validator,
        [FromServices] CheckIn checkIn, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        var result = validation.IsValid ? await checkIn.RunAsync(point, input, ct)
            : QueueResult.Refused(validation.Errors[0].ErrorMessage, nameof(input.Code));
        return await AfterAsync(point, result, ct, checkInCode: input.Code);
    }

    [HttpPost(Root + "/{pointCode}/walk-in")]
    public async Task<IActionResult> WalkIn([FromPointCode] ServicePoint point, WalkInInput input, [FromForm(Name = SubmitOnce.Field)] Guid? formKey,
        [FromServices] IValidator<WalkInInput> validator, [FromServices] WalkIn walkIn, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        var result = validation.IsValid ? await walkIn.RunAsync(point, input, formKey, ct)
            : QueueResult.Refused(validation.Errors[0].ErrorMessage, validation.Errors[0].PropertyName);
        return await AfterAsync(point, result, ct);
    }

    [HttpPost(Root + "/{pointCode}/call-next")]
    public async Task<IActionResult> CallNext([FromPointCode] ServicePoint point, CallInput input, [FromServices] IValidator<CallInput> validator,
        [FromServices] QueueCaller caller, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid) return await AfterAsync(point, QueueResult.Refused(validation.Errors[0].ErrorMessage, nameof(input.Counter)), ct);
        RememberCounter(input.Counter);
        var ticket = await caller.CallNextAsync(point.Id, input.Counter, User.UserIdOf(), ct);
        var result = ticket is null ? QueueResult.Refused(l["Tidak ada yang menunggu."])
            : QueueResult.Done(l["Memanggil {0} ke loket {1}.", ticket.Label, input.Counter], ticket.Id);
        return await AfterAsync(point, result, ct);
    }

    [HttpPost(Root + "/{pointCode}/tickets/{ticketId:guid}/skip")]
    public async Task<IActionResult> Skip([FromPointCode] ServicePoint point, Guid ticketId, [FromServices] QueueCaller caller, CancellationToken ct)
    {
        return await AfterAsync(point, await caller.SkipAsync(point.Id, ticketId, ct), ct);
    }

    [HttpPost(Root + "/{pointCode}/tickets/{ticketId:guid}/recall")]
    public async Task<IActionResult> Recall([FromPointCode] ServicePoint point, Guid ticketId, CallInput input, [FromServices] QueueCaller caller, CancellationToken ct)
    {
        var counter = input.Counter is >= 1 and <= 99 ? input.Counter : 1;
        return await AfterAsync(point, await caller.RecallAsync(point.Id, ticketId, counter, User.UserIdOf(), ct), ct);
    }

    /// <summary>The serving screen: the resident's data unmasked (to check against their KK), which is audit-logged.</summary>
    [HttpGet(Root + "/{pointCode}/tickets/{ticketId:guid}")]
    public async Task<IActionResult> Ticket([FromPointCode] ServicePoint point, Guid ticketId, CancellationToken ct)
    {
        var model = await ReadTicketAsync(point, ticketId, new OutcomeInput(), ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost(Root + "/{pointCode}/tickets/{ticketId:guid}/outcome")]
    public Task<IActionResult> Outcome([FromPointCode] ServicePoint point, Guid ticketId, OutcomeInput input,
        [FromServices] IValidator<OutcomeInput> validator, [FromServices] RecordOutcome record, CancellationToken ct) =>
        OutcomeAsync(point, ticketId, input, validator, () => record.RunAsync(point, ticketId, input, User.UserIdOf(), ct),
            () => ReadTicketAsync(point, ticketId, input, ct), ct);

    /// <summary>An IKD activation's outcome (issue 15): its own form and use case, on the same serving page.</summary>
    [HttpPost(Root + "/{pointCode}/tickets/{ticketId:guid}/ikd-outcome")]
    public Task<IActionResult> IkdOutcome([FromPointCode] ServicePoint point, Guid ticketId, IkdOutcomeInput input,
        [FromServices] IValidator<IkdOutcomeInput> validator, [FromServices] RecordIkdOutcome record, CancellationToken ct) =>
        OutcomeAsync(point, ticketId, input, validator, () => record.RunAsync(point, ticketId, input, User.UserIdOf(), ct),
            async () => await ReadTicketAsync(point, ticketId, new OutcomeInput(), ct) is { } m ? m with { IkdInput = input } : null, ct);

    /// <summary>Validates a counter outcome, records it and goes back to the queue; or shows the serving page again with the errors.</summary>
    private async Task<IActionResult> OutcomeAsync<T>(ServicePoint point, Guid ticketId, T input, IValidator<T> validator,
        Func<Task<QueueResult>> record, Func<Task<TicketView?>> again, CancellationToken ct)
    {
        // A value that does not bind (an unknown outcome, say) must not fall back to the default and be logged as such.
        var bound = ModelState.IsValid;
        var validation = await validator.ValidateAsync(input, ct);
        foreach (var e in validation.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (bound && validation.IsValid)
        {
            var result = await record();
            if (result.Ok)
            {
                await board.PublishAsync(point.Code, ct);
                TempData["Flash"] = result.Message;
                return Redirect(PointPath(point.Code));
            }
            ModelState.AddModelError(result.Field ?? string.Empty, result.Message);
        }
        var model = await again();
        return model is null ? NotFound() : View(nameof(Ticket), model);
    }

    private async Task<IActionResult> AfterAsync(ServicePoint point, QueueResult result, CancellationToken ct, string? checkInCode = null)
    {
        if (result.Ok)
        {
            await board.PublishAsync(point.Code, ct);
            TempData["Flash"] = result.Message;
            return Redirect(PointPath(point.Code));
        }
        ModelState.AddModelError(result.Field ?? string.Empty, result.Message);
        var model = await ReadQueueAsync(point, ct);
        if (checkInCode is not null) model = model with { CheckInCode = checkInCode };
        return View(nameof(Index), model);
    }

    private void RememberCounter(int counter) =>
        Response.Cookies.Append(CounterCookie, counter.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, MaxAge = TimeSpan.FromDays(30) });

    private int Counter() => int.TryParse(Request.Cookies[CounterCookie], out var c) && c is >= 1 and <= 99 ? c : 1;

    private async Task<QueueView> ReadQueueAsync(ServicePoint point, CancellationToken ct)
    {
        var today = clock.Today();
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => a.ServicePointId == point.Id && a.Slot!.Date == today && a.Status != AppointmentStatus.Cancelled)
            .OrderBy(a => a.Slot!.StartsAt).ThenBy(a => a.Code)
            .Select(a => new QueueAppointment(a.Code, a.FullName, a.Service, a.Status, a.Slot!.StartsAt, a.Slot.EndsAt))
            .ToListAsync(ct);
        var tickets = await db.QueueTickets.AsNoTracking()
            .Where(t => t.ServicePointId == point.Id && t.ServiceDate == today)
            .OrderBy(t => t.Series).ThenBy(t => t.OrderAt).ThenBy(t => t.Number)
            .Select(t => new QueueTicketRow(t.Id, t.Series, t.Number, t.Service, t.Status, t.Counter, t.CalledAt,
                t.Appointment == null ? null : t.Appointment.Code))
            .ToListAsync(ct);
        var walkIns = tickets.Count(t => t.Series == TicketSeries.B);
        return new QueueView(point, today, appointments, tickets, walkIns, Counter(), "");
    }

    private async Task<TicketView?> ReadTicketAsync(ServicePoint point, Guid ticketId, OutcomeInput input, CancellationToken ct)
    {
        var ticket = await db.QueueTickets.AsNoTracking().Include(t => t.Appointment)
            .SingleOrDefaultAsync(t => t.Id == ticketId && t.ServicePointId == point.Id, ct);
        if (ticket is null) return null;
        ResidentData? resident = null;
        if (ticket.Appointment is { } a)
        {
            resident = new ResidentData(protector.Decrypt(a.NikCipher), a.KkCipher.Length == 0 ? null : protector.Decrypt(a.KkCipher),
                a.FullName, a.BirthDate, a.VillageCode, a.Code);
            // The operator checks the resident's KK and identity against the booking before recording: the reason.
            await audit.WriteAsync(AuditActions.ViewPersonalData, "appointment", a.Id.ToString(), a.NikHash,
                $"Pelayanan perekaman, nomor antrean {ticket.Label}", ct: ct);
        }
        var villages = ticket.Appointment is null
            ? await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Name)
                .Select(r => new VillageOption(r.Code, r.Name)).ToListAsync(ct)
            : [];
        return new TicketView(point, ticket, resident, input, villages, Counter());
    }
}

public sealed record QueueAppointment(string Code, string FullName, ServiceType Service, AppointmentStatus Status,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record QueueTicketRow(Guid Id, TicketSeries Series, int Number, ServiceType Service, TicketStatus Status, int? Counter,
    DateTimeOffset? CalledAt, string? AppointmentCode)
{
    public string Label => QueueOrder.Label(Series, Number);
}

public sealed record QueueView(ServicePoint Point, DateOnly Today, IReadOnlyList<QueueAppointment> Appointments,
    IReadOnlyList<QueueTicketRow> Tickets, int WalkInsIssued, int Counter, string CheckInCode);

public sealed record ResidentData(string Nik, string? KkNumber, string FullName, DateOnly BirthDate, string VillageCode, string Code);

public sealed record VillageOption(string Code, string Name);

public sealed record TicketView(ServicePoint Point, QueueTicket Ticket, ResidentData? Resident, OutcomeInput Input,
    IReadOnlyList<VillageOption> Villages, int Counter)
{
    /// <summary>The IKD-activation form's values when it is shown again (issue 15).</summary>
    public IkdOutcomeInput IkdInput { get; init; } = new();
}
