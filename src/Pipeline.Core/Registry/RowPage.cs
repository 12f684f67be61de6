namespace Pipeline.Core.Registry;

/// <summary>One page as a store read it: the items, and the position the next page starts after (null on the last page).</summary>
/// <typeparam name="T">What was listed.</typeparam>
/// <param name="Items">The page's items, in the store's order.</param>
/// <param name="After">The store's position of the last item, when more follow; opaque outside the store.</param>
public sealed record RowPage<T>(IReadOnlyList<T> Items, string? After);
