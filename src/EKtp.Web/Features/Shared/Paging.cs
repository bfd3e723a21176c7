namespace EKtp.Web.Features.Shared;

/// <summary>
/// A page of a long staff list, for <c>_Pager.cshtml</c>. <see cref="Href"/> makes a page's link (a GET list, whose
/// query holds nothing personal); without it the pager is a row of submit buttons named <c>Page</c> for the form whose
/// id is <see cref="Form"/> (a search posted so that a NIK or a name never enters an address).
/// </summary>
public sealed record Paging(int Page, int Pages, Func<int, string>? Href = null, string? Form = null)
{
    public static int PagesFor(int count, int size) => Math.Max(1, (count + size - 1) / size);

    /// <summary>The pages offered: the first, the last, and two either side of this one.</summary>
    public IEnumerable<int> Shown() => Enumerable.Range(1, Pages).Where(p => p == 1 || p == Pages || Math.Abs(p - Page) <= 2);
}
