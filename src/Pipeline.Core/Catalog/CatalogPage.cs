namespace Pipeline.Core.Catalog;

/// <summary>One page of a search, and the token that reads the next (null on the last page).</summary>
/// <typeparam name="T">What was searched for.</typeparam>
public sealed record CatalogPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
