using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Shared;
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
    AuditLog audit, CardSearch search, IStringLocalizer<StaffText> l) : Controller
{
    public const string Root = "/staff/cards";
    public const string SearchPath = Root + "/search";
    public const string ArrivePath = Root + "/arrive";
    public const int PageSize = 50;
    /// <summary>The most cards one bulk arrival takes ("every card found").</summary>
    public const int MaxBulk = 1000;

    /// <summary>The cards of one status, a page at a time (the status and the page are all the address holds).</summary>
    [HttpGet(Root)]
    public async Task<IActionResult> Index(CardStatus? status, int page, CancellationToken ct) =>
        View(await ReadListAsync(new CardSearchInput { Status = status ?? CardStatus.Recorded, Page = page }, null, new MoveInput(), [], ct));

    [HttpPost(Root + "/move")]
    public async Task<IActionResult> Move(CardStatus? status, int page, MoveInput input, CancellationToken ct)
    {
        var errors = await MoveAsync(input, ct);
        if (errors.Count == 0) return Redirect($"{Root}?status={input.To}");
        return View(nameof(Index), await ReadListAsync(new CardSearchInput { Status = status ?? CardStatus.Recorded, Page = page }, null, input, errors, ct));
    }

    /// <summary>Search by NIK, booking code, part of a name and/or status; posted, and its pages are posted too (no NIK or name in an address).</summary>
    [HttpPost(SearchPath)]
    public async Task<IActionResult> Search(CardSearchInput input, [FromServices] IValidator<CardSearchInput> searchValidator, CancellationToken ct)
    {
        var validation = await searchValidator.ValidateAsync(input, ct);
        foreach (var e in validation.Errors) ModelState.AddModelError(e.PropertyName, e.ErrorMessage);
        return View(nameof(Index), await ReadListAsync(input, validation.IsValid, new MoveInput(), [], ct));
    }

    /// <summary>
    /// Bulk "arrived at the collection point" from a search: the cards ticked, or every card the search finds
    /// (<c>Scope=all</c>, the search sent again in the form's hidden fields). Only printed cards move; the flash says
    /// how many moved and how many were left.
    /// </summary>
    [HttpPost(ArrivePath)]
    public async Task<IActionResult> Arrive(CardSearchInput searched, [FromForm] List<Guid> cards, [FromForm] Guid? collectionPointId, [FromForm] string? note,
        [FromForm] string? scope, [FromForm(Name = SubmitOnce.Field)] Guid? formKey, [FromServices] IValidator<CardSearchInput> searchValidator,
        CancellationToken ct)
    {
        var ids = cards;
        if (scope == "all" && (await searchValidator.ValidateAsync(searched, ct)).IsValid)
            ids = await search.Filter(searched).OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id).Take(MaxBulk).Select(c => c.Id).ToListAsync(ct);
        var result = await mover.ArriveAsync(ids, collectionPointId, note, User.UserIdOf(), User.ServicePointOf(), formKey, ct);
        if (result.Error is not null)
        {
            ModelState.AddModelError(result.Field == nameof(MoveInput.Cards) ? string.Empty : result.Field ?? string.Empty, result.Error);
            var input = new MoveInput { Cards = ids.Select(i => i.ToString()).ToList(), CollectionPointId = collectionPointId, Note = note };
            return View(nameof(Index), await ReadListAsync(searched, true, input, [], ct));
        }
        TempData["Flash"] = result.Repeated ? l["Penandaan ini sudah disimpan; tidak ada kartu yang dipindah dua kali."].Value
            : result.Skipped == 0 ? l["{0} kartu tiba di {1}.", result.Moved, result.CollectionPoint!].Value
            : l["{0} kartu tiba di {1}; {2} kartu tidak dipindah karena statusnya bukan \"{3}\".", result.Moved, result.CollectionPoint!, result.Skipped,
                l[CardTransitions.Name(CardStatus.Printed)]].Value;
        return Redirect($"{Root}?status={CardStatus.AtCollectionPoint}");
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

    /// <summary>
    /// A page of cards, each with its masked NIK and the name from the resident's latest appointment. A name is personal
    /// data in the clear: each card shown with one is written to the audit log, as the card page is.
    /// </summary>
    /// <param name="searched">Null for a status list; true for a valid search (its results shown); false for a search the validator refused.</param>
    private async Task<CardListView> ReadListAsync(CardSearchInput query, bool? searched, MoveInput input, IReadOnlyList<CardMoveError> errors,
        CancellationToken ct)
    {
        // A move refused midway leaves its cards changed in the context; the audit entries below must save alone.
        db.ChangeTracker.Clear();
        var found = searched == false ? db.Cards.Where(c => false) : search.Filter(query);
        var total = await found.CountAsync(ct);
        var pages = Paging.PagesFor(total, PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        query.Page = page;
        var cards = await found.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(c => new
            {
                c.Id, c.Version, c.Status, c.NikCipher, c.NikHash, c.UpdatedAt, Collection = c.CollectionPoint == null ? null : c.CollectionPoint.Name,
                Name = db.Appointments.Where(a => a.NikHash == c.NikHash && a.PersonalDataErasedAt == null && a.FullName != "")
                    .OrderByDescending(a => a.CreatedAt).Select(a => a.FullName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var counts = await db.Cards.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var rows = cards.Select(c => new CardRow(c.Id, $"{c.Id}:{c.Version}", Masking.MaskIdNumber(protector.Decrypt(c.NikCipher)), c.Name, c.Status,
            c.UpdatedAt, c.Collection, errors.FirstOrDefault(e => e.CardId == c.Id)?.Message)).ToList();
        foreach (var c in cards.Where(c => c.Name is not null))
            audit.Add(AuditActions.ViewPersonalData, "card", c.Id.ToString(), c.NikHash, searched is null
                ? "Daftar kartu KTP-el: nama di samping NIK tersamar"
                : "Pencarian kartu KTP-el: nama di samping NIK tersamar");
        if (cards.Any(c => c.Name is not null)) await db.SaveChangesAsync(ct);
        return new CardListView(query.Status ?? CardStatus.Recorded, rows, total, counts, await FieldsAsync(input, ct),
            errors.Where(e => e.CardId is not null && rows.All(r => r.Id != e.CardId)).ToList(), searched is null ? null : query, page, pages);
    }

    private async Task<CardDetailView?> ReadCardAsync(Guid id, MoveInput input, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
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

public sealed record CardRow(Guid Id, string Ref, string MaskedNik, string? Name, CardStatus Status, DateTimeOffset UpdatedAt, string? CollectionPoint,
    string? Error);

/// <summary>A status list (<see cref="Search"/> null) or a search's results, one page of them.</summary>
public sealed record CardListView(CardStatus Status, IReadOnlyList<CardRow> Cards, int Total, IReadOnlyDictionary<CardStatus, int> Counts,
    MoveFields Fields, IReadOnlyList<CardMoveError> OtherErrors, CardSearchInput? Search, int Page, int Pages);

public sealed record HistoryRow(DateTimeOffset At, CardStatus? From, CardStatus To, string? By, string? Point, string? Note);

public sealed record CardDetailView(Card Card, string Nik, string? RecordedAt, IReadOnlyList<HistoryRow> History, MoveFields Fields);

public sealed record ImportView(MoveFields Fields, IReadOnlyList<ImportRow>? Rows);

/// <summary>The model of <c>_CardTable.cshtml</c>: the boxes carry the card's id (bulk arrival) or its <c>id:version</c> (a move).</summary>
public sealed record CardTable(IReadOnlyList<CardRow> Cards, bool ById, IReadOnlyCollection<string> Selected, string Caption);
