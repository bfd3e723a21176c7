namespace EKtp.Web.Data;

/// <summary>
/// Enum members as SQL literals, for the few places that must write SQL text themselves (an index filter). Taken from
/// the code, so a renamed member changes the SQL with it instead of leaving a word that no longer matches.
/// </summary>
public static class SqlNames
{
    /// <summary><c>'Booked', 'CheckedIn'</c>: the comma-separated quoted names, in the given order.</summary>
    public static string List<T>(IEnumerable<T> values) where T : struct, Enum =>
        string.Join(", ", values.Select(v => $"'{v}'"));
}
