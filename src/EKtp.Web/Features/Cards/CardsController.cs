using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Staff;
using EKtp.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EKtp.Web.Features.Cards;

/// <summary>The card pipeline for DPKS staff and Admins: list and select cards, move one or many, import a list of NIKs.</summary>
[Authorize(Policy = StaffPolicies.CardPipeline)]
public sealed class CardsController(EKtpDbContext db, CardMover mover, IValidator<MoveInput> validator, PersonalDataProtector protector,
    AuditLog audit, IStringLocalizer<StaffText> l) : Controller
{
    public const string Root = "/staff/cards";
    public const int PageSize = 200;

    [HttpGet(Root)]
    public async Task<IActionResult> Index(CardStatus? status, CancellationToken ct) =>
        View(await ReadListAsync(status ?? CardStatus.Recorded, new MoveInput(), [], ct));

    [HttpPost(Root + "/move")]
    public async Task<IActionResult> Move(CardStatus? status, MoveInput input, CancellationToken ct)
    {
        var errors = await MoveAsync(input, ct);
        if (errors.Count == 0) return Redirect($"{Root}?status={input.To}");
        return View(nameof(Index), await ReadListAsync(status ?? CardStatus.Recorded, input, errors, ct));
    }

    /// <summary>One card: its NIK unmasked (for the handover check), which is audit-logged, and its history.</summary>
    [HttpGet(Root + "/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct)
    {
        var model = await ReadCardAsync(id, new MoveInput(), ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost(Root + "/{id:guid}/move")]
    public async Task<IActionResult> MoveOne(Guid id, MoveInput input, CancellationToken ct)
    {
        input.Cards = input.Cards.Where(c => c.StartsWith(id.ToString(), StringComparison.Ordinal)).ToList();
        if (input.Cards.Count == 0) input.Cards = [id.ToString()];
        var errors = await MoveAsync(input, ct);
        if (errors.Count == 0) return Redirect($"{Root}/{id}");
        var model = await ReadCardAsync(id, input, ct);
        return model is null ? NotFound() : View(nameof(Show), model);
    }

    [HttpGet(Root + "/import")]
    public async Task<IActionResult> Import(CancellationToken ct) => View(await ReadImportAsync(new MoveInput(), null, ct));

    /// <summary>Reads the uploaded list and shows the preview; nothing is changed.</summary>
    [HttpPost(Root + "/import"), RequestSizeLimit(ImportCards.MaxBytes + 100_000)]
    public async Task<IActionResult> Preview(IFormFile? file, MoveInput input, [FromServices] ImportCards import, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        foreach (var e in validation.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
        if (file is null || file.Length == 0) ModelState.AddModelError("File", l["Pilih berkas CSV berisi NIK."]);
        else if (file.Length > ImportCards.MaxBytes) ModelState.AddModelError("File", l["Berkas terlalu besar (paling besar 1 MB)."]);
        if (!ModelState.IsValid) return View(nameof(Import), await ReadImportAsync(input, null, ct));
        await using var stream = file!.OpenReadStream();
        var rows = await import.PreviewAsync(stream, input.To!.Value, ct);
        if (rows.Count == 0) ModelState.AddModelError("File", l["Berkas tidak berisi NIK."]);
        input.Cards = rows.All(r => r.Error is null) ? rows.Select(r => r.CardRef!).ToList() : [];
        return View(nameof(Import), await ReadImportAsync(input, rows, ct));
    }

    /// <summary>Applies a previewed import: the card ids and versions the preview found, all or nothing.</summary>
    [HttpPost(Root + "/import/apply")]
    public async Task<IActionResult> ApplyImport(MoveInput input, CancellationToken ct)
    {
        var errors = await MoveAsync(input, ct);
        if (errors.Count == 0) return Redirect($"{Root}?status={input.To}");
        return View(nameof(Import), await ReadImportAsync(input, null, ct));
    }

    private async Task<IReadOnlyList<CardMoveError>> MoveAsync(MoveInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            foreach (var e in validation.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
            return validation.Errors.Select(e => new CardMoveError(null, e.ErrorMessage, e.PropertyName)).ToList();
        }
        var result = await mover.MoveAsync(input.Refs(), input, User.UserIdOf(), User.ServicePointOf(), ct);
        if (result.Ok)
        {
            TempData["Flash"] = l["{0} kartu dipindah ke \"{1}\".", result.Moved, l[CardTransitions.Name(input.To!.Value)]].Value;
            return [];
        }
        foreach (var e in result.Errors.Where(e => e.CardId is null)) ModelState.AddModelError(e.Field ?? string.Empty, e.Message);
        return result.Errors;
    }

    private async Task<MoveFields> FieldsAsync(MoveInput input, CancellationToken ct)
    {
        var points = await db.ServicePoints.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Kind).ThenBy(p => p.Name)
            .Select(p => new PointOption(p.Id, p.Name, p.CanPrint)).ToListAsync(ct);
        return new MoveFields(input, points);
    }

    private async Task<CardListView> ReadListAsync(CardStatus status, MoveInput input, IReadOnlyList<CardMoveError> errors, CancellationToken ct)
    {
        var cards = await db.Cards.AsNoTracking().Where(c => c.Status == status).OrderBy(c => c.UpdatedAt).Take(PageSize)
            .Select(c => new { c.Id, c.Version, c.NikCipher, c.UpdatedAt, c.VillageCode, Collection = c.CollectionPoint == null ? null : c.CollectionPoint.Name })
            .ToListAsync(ct);
        var total = await db.Cards.CountAsync(c => c.Status == status, ct);
        var counts = await db.Cards.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var rows = cards.Select(c => new CardRow(c.Id, $"{c.Id}:{c.Version}", Masking.MaskIdNumber(protector.Decrypt(c.NikCipher)),
            c.UpdatedAt, c.Collection, errors.FirstOrDefault(e => e.CardId == c.Id)?.Message)).ToList();
        return new CardListView(status, rows, total, counts, await FieldsAsync(input, ct), errors.Where(e => e.CardId is not null && rows.All(r => r.Id != e.CardId)).ToList());
    }

    private async Task<CardDetailView?> ReadCardAsync(Guid id, MoveInput input, CancellationToken ct)
    {
        var card = await db.Cards.AsNoTracking().Include(c => c.History).Include(c => c.CollectionPoint).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (card is null) return null;
        await audit.WriteAsync(AuditActions.ViewPersonalData, "card", card.Id.ToString(), card.NikHash,
            "Pengelolaan kartu KTP-el (pencocokan saat cetak atau penyerahan)", ct: ct);
        var userIds = card.History.Select(h => h.ById).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var pointNames = await db.ServicePoints.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var history = card.History.OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new HistoryRow(h.At, h.From, h.To, names.GetValueOrDefault(h.ById), h.ServicePointId is { } p ? pointNames.GetValueOrDefault(p) : null, h.Note))
            .ToList();
        if (input.Cards.Count == 0) input.Cards = [MoveInput.Ref(card)];
        return new CardDetailView(card, protector.Decrypt(card.NikCipher), pointNames.GetValueOrDefault(card.RecordedAtPointId), history,
            await FieldsAsync(input, ct));
    }

    private async Task<ImportView> ReadImportAsync(MoveInput input, IReadOnlyList<ImportRow>? rows, CancellationToken ct) =>
        new(await FieldsAsync(input, ct), rows);
}

public sealed record PointOption(Guid Id, string Name, bool CanPrint);

public sealed record MoveFields(MoveInput Input, IReadOnlyList<PointOption> Points, IReadOnlyList<CardStatus>? Targets = null);

public sealed record CardRow(Guid Id, string Ref, string MaskedNik, DateTimeOffset UpdatedAt, string? CollectionPoint, string? Error);

public sealed record CardListView(CardStatus Status, IReadOnlyList<CardRow> Cards, int Total, IReadOnlyDictionary<CardStatus, int> Counts,
    MoveFields Fields, IReadOnlyList<CardMoveError> OtherErrors);

public sealed record HistoryRow(DateTimeOffset At, CardStatus? From, CardStatus To, string? By, string? Point, string? Note);

public sealed record CardDetailView(Card Card, string Nik, string? RecordedAt, IReadOnlyList<HistoryRow> History, MoveFields Fields);

public sealed record ImportView(MoveFields Fields, IReadOnlyList<ImportRow>? Rows);
