using System.Globalization;
using Pipeline.Core.Catalog;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Registry;

/// <summary>
/// Which page of a list to read: at most <see cref="Limit"/> items, after the position the previous page's
/// continuation token carried. Every list of the HTTP API is read this way, so no answer grows with the registry.
/// </summary>
/// <param name="Limit">The most items on the page.</param>
/// <param name="After">Where the previous page ended (the sort key of its last item), or null for the first page.</param>
public sealed record PageRequest(int Limit, string? After)
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page served.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The query parameter naming the page size.</summary>
    public const string LimitParameter = "limit";

    /// <summary>The query parameter carrying the token of the next page.</summary>
    public const string TokenParameter = "continuationToken";

    /// <summary>The first page, of the default size.</summary>
    public static PageRequest First { get; } = new(DefaultLimit, null);

    /// <summary>Reads the <c>limit</c> and <c>continuationToken</c> query parameters (either may be absent).</summary>
    /// <exception cref="InvalidRequestException">A limit that is not a whole number from 1 to <see cref="MaxLimit"/>, or a token this API did not write.</exception>
    public static PageRequest Parse(string? limit, string? continuationToken)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            throw new InvalidRequestException($"'{LimitParameter}' is a whole number from 1 to {MaxLimit}; '{limit}' is not.");
        }

        var after = PageTokens.Read(
            continuationToken,
            $"Invalid '{TokenParameter}' '{continuationToken}': pass the token of the previous page's Link header (rel=\"next\") unchanged.");
        return new PageRequest(size, after);
    }

    /// <summary>The token that reads on after <paramref name="position"/>, or null when there is no next page.</summary>
    public static string? TokenAfter(string? position) => position is null ? null : PageTokens.Write(position);

    /// <summary>
    /// This page of <paramref name="items"/> ordered by <paramref name="sortKey"/> (ordinal, unique per item): the first
    /// <see cref="Limit"/> past <see cref="After"/>. For lists that are read whole and sorted in memory; an item added or
    /// removed between pages moves no other item, so none is served twice.
    /// </summary>
    public CatalogPage<T> Slice<T>(IEnumerable<T> items, Func<T, string> sortKey)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sortKey);
        var page = items
            .Select(item => (Key: sortKey(item), Item: item))
            .Where(k => After is null || string.CompareOrdinal(k.Key, After) > 0)
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .Take(Limit + 1)
            .ToList();
        return page.Count <= Limit
            ? new CatalogPage<T>([.. page.Select(k => k.Item)], null)
            : new CatalogPage<T>([.. page.Take(Limit).Select(k => k.Item)], TokenAfter(page[Limit - 1].Key));
    }

    /// <summary>A sort-key part that orders instants newest first (fixed width, so keys compare as strings).</summary>
    public static string NewestFirst(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A sort-key part that orders instants oldest first (fixed width); null sorts last.</summary>
    public static string OldestFirst(DateTimeOffset? at) =>
        (at ?? DateTimeOffset.MaxValue).UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// Joins sort-key parts with a separator below every character a name may hold, so that a shorter name sorts
    /// before a longer one it starts ("m" before "m-x"), as an ordinal comparison of the parts would.
    /// </summary>
    public static string Key(params string[] parts) => string.Join('\u0001', parts);
}
