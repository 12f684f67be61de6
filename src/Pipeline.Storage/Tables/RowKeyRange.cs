namespace Pipeline.Storage.Tables;

/// <summary>The rows of a partition whose key starts with <paramref name="Prefix"/>: the half-open key range [prefix, end).</summary>
/// <param name="Prefix">The row key prefix.</param>
internal sealed record RowKeyRange(string Prefix)
{
    /// <summary>The first key past the range: the prefix with its last character moved on by one.</summary>
    public string End { get; } = string.Concat(Prefix.AsSpan(0, Prefix.Length - 1), ((char)(Prefix[^1] + 1)).ToString());
}
