namespace Pipeline.Core.Registry;

/// <summary>
/// The one way text is cut to a bound: for values written to size-limited stores (a Table property holds
/// 64 KiB, an entity 1 MiB) and for names quoted in messages. A cut value ends in "…", is exactly the
/// bound long, and never splits a surrogate pair, so it stays valid UTF-16.
/// </summary>
public static class BoundedText
{
    /// <summary>What a cut value ends with.</summary>
    public const string Ellipsis = "…";

    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="maxChars"/> characters; otherwise its
    /// start followed by <see cref="Ellipsis"/>, <paramref name="maxChars"/> characters in all (one fewer
    /// when the cut would fall inside a surrogate pair).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxChars"/> is less than 2.</exception>
    public static string? Shorten(string? text, int maxChars) =>
        text is null || text.Length <= maxChars ? CheckBound(text, maxChars) : Cut(text, maxChars);

    /// <summary>The characters as a string, shortened as <see cref="Shorten(string?, int)"/> does.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxChars"/> is less than 2.</exception>
    public static string Shorten(ReadOnlySpan<char> text, int maxChars) =>
        text.Length <= maxChars ? CheckBound(text.ToString(), maxChars)! : Cut(text, maxChars);

    private static string? CheckBound(string? text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 2);
        return text;
    }

    private static string Cut(ReadOnlySpan<char> text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 2);
        var kept = maxChars - 1;
        if (char.IsHighSurrogate(text[kept - 1]))
        {
            kept--;
        }

        return string.Concat(text[..kept], Ellipsis);
    }
}
