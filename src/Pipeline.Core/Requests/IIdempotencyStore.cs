namespace Pipeline.Core.Requests;

/// <summary>
/// Where the first answer to each idempotency key is kept (RFC draft "The Idempotency-Key HTTP Header Field"):
/// a key is claimed before its request runs, and the claim is completed with the response or released.
/// A claim is an insert that fails when the key is held, and a completion or release is guarded by the claim's
/// token, so two requests with one key never both run.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="request"/>'s key for it, unless a live record holds the key (an expired one counts as
    /// absent and is replaced).
    /// </summary>
    /// <returns>The claim (<see cref="IdempotencyClaim.Token"/> set), or the record that holds the key (<see cref="IdempotencyClaim.Existing"/> set).</returns>
    Task<IdempotencyClaim> ClaimAsync(IdempotentRequest request, CancellationToken cancellationToken);

    /// <summary>Completes the claim with the request's final response, kept for <see cref="IdempotencyKeys.Window"/> from now.</summary>
    /// <returns>
    /// False when nothing was stored: the response is larger than a record holds (the claim is then released, so the key
    /// may be sent again), or the claim was lost (it was in flight past <see cref="IdempotencyKeys.PendingTimeout"/> and
    /// another request took the key over).
    /// </returns>
    Task<bool> CompleteAsync(IdempotentRequest request, string token, RecordedResponse response, CancellationToken cancellationToken);

    /// <summary>Gives the key up (the request failed without a final answer), so that it may be sent again; a lost claim is left alone.</summary>
    Task ReleaseAsync(IdempotentRequest request, string token, CancellationToken cancellationToken);
}

/// <summary>A request that carries an idempotency key: what the key is scoped to and what it binds.</summary>
/// <param name="CallerId">The verified caller's <see cref="Access.Caller.Id"/>: keys of different callers never meet.</param>
/// <param name="Key">The key as sent.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path.</param>
/// <param name="BodySha256">The SHA-256 of the request body, lowercase hex.</param>
public sealed record IdempotentRequest(string CallerId, string Key, string Method, string Path, string BodySha256);

/// <summary>A response as it was sent, to be sent again byte for byte.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The Content-Type header, or null when there was none.</param>
/// <param name="Body">The body.</param>
public sealed record RecordedResponse(int Status, string? ContentType, ReadOnlyMemory<byte> Body);

/// <summary>What holds a key: the request that claimed it and, once it finished, its response.</summary>
/// <param name="Request">The request that claimed the key.</param>
/// <param name="Response">Its response, or null while it is in flight.</param>
/// <param name="CreatedAt">When the key was claimed.</param>
/// <param name="ExpiresAt">When the record stops counting (see <see cref="IdempotencyKeys.ExpiryOf"/>).</param>
public sealed record IdempotencyRecord(IdempotentRequest Request, RecordedResponse? Response, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>The outcome of <see cref="IIdempotencyStore.ClaimAsync"/>: exactly one member is set.</summary>
/// <param name="Token">This request holds the key: the token that completes or releases the claim.</param>
/// <param name="Existing">An earlier request holds the key: its record.</param>
public sealed record IdempotencyClaim(string? Token, IdempotencyRecord? Existing);
