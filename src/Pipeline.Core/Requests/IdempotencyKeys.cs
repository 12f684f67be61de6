namespace Pipeline.Core.Requests;

/// <summary>The rules of idempotency keys: their syntax, how long a record counts, and when a reuse is a different request.</summary>
public static class IdempotencyKeys
{
    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 255;

    /// <summary>How long the first answer to a key is replayed, from when it was given.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claim whose request never finished (its process died) holds the key. Longer than any request runs,
    /// so that a slow request is not run twice; short enough that a client is not locked out of its key for a day.
    /// </summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Why <paramref name="key"/> is not a valid key (1–255 printable ASCII characters), or null when it is.</summary>
    public static string? ExplainInvalid(string key)
    {
        if (key.Length is 0 or > MaxLength)
        {
            return $"An Idempotency-Key has 1 to {MaxLength} characters; this one has {key.Length}.";
        }

        var bad = key.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        return bad < 0
            ? null
            : $"An Idempotency-Key is printable ASCII (space to '~'); character {bad + 1} is U+{(int)key[bad]:X4}.";
    }

    /// <summary>
    /// When a record stops counting: a claim made at <paramref name="since"/> and still in flight, after <see cref="PendingTimeout"/>;
    /// a response given at <paramref name="since"/>, after <see cref="Window"/>.
    /// </summary>
    public static DateTimeOffset ExpiryOf(DateTimeOffset since, bool answered) => since + (answered ? Window : PendingTimeout);

    /// <summary>What of <paramref name="again"/> differs from the request that first sent the key: <c>method</c>, <c>path</c>, <c>body</c>; empty when it is the same request.</summary>
    public static IReadOnlyList<string> Differences(IdempotentRequest first, IdempotentRequest again)
    {
        var differences = new List<string>(3);
        if (!string.Equals(first.Method, again.Method, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add("method");
        }

        if (!string.Equals(first.Path, again.Path, StringComparison.Ordinal))
        {
            differences.Add("path");
        }

        if (!string.Equals(first.BodySha256, again.BodySha256, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add("body");
        }

        return differences;
    }
}
