namespace Pipeline.Core.Errors;

/// <summary>An idempotency key sent again with a different request: it answers only the request that first sent it.</summary>
public sealed class IdempotencyKeyReusedException(IReadOnlyList<string> differences)
    : PipelineException(
        $"This Idempotency-Key was first sent with a different request ({string.Join(", ", differences)} differ); "
        + "a key answers only the request it was first sent with. Use a new key for a new request.")
{
    /// <summary>What differs from the first request: <c>method</c>, <c>path</c>, <c>body</c>.</summary>
    public IReadOnlyList<string> Differences { get; } = differences;
}
