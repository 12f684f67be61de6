using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Errors;
using Pipeline.Core.Requests;

namespace Pipeline.Storage.Tables;

/// <summary>
/// Idempotency records in a table: one partition per caller and one row per key, both named by their SHA-256
/// (caller ids and keys may hold characters Table keys forbid). A claim is an insert, which fails when the key
/// is held; completing or releasing it is guarded by the claim's ETag. The response body is kept in binary
/// properties of at most 64 KiB each, within the 1 MiB an entity holds.
/// </summary>
public sealed class TableIdempotencyStore(TableServiceClient service, TimeProvider clock) : IIdempotencyStore
{
    /// <summary>The largest binary property a Table holds.</summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// The largest response body kept: ten chunks (640 KiB). Binary travels base64 in the request that writes it, and
    /// the emulator holds that request to the 1 MiB, so the body is kept well below three quarters of it.
    /// </summary>
    public const int MaxResponseBytes = 10 * ChunkBytes;

    // A claim that keeps losing the key to releases and takeovers by others gives up: that many writers on one key is a fight, not a retry.
    private const int MaxClaimAttempts = 5;

    private readonly TableClient table = service.GetTableClient(StorageNames.IdempotentRequestsTable);

    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimAsync(IdempotentRequest request, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        RequestFailedException? lost = null;
        for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var pending = Pending(request, now);
            try
            {
                var added = await table.AddEntityAsync(pending, cancellationToken);
                return new IdempotencyClaim(added.Headers.ETag!.Value.ToString(), null);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Held, or held once: read what holds it.
                lost = e;
            }

            var held = await table.GetEntityIfExistsAsync<TableEntity>(pending.PartitionKey, pending.RowKey, cancellationToken: cancellationToken);
            if (!held.HasValue)
            {
                continue;
            }

            var record = ToRecord(held.Value!);
            if (now < record.ExpiresAt)
            {
                return new IdempotencyClaim(null, record);
            }

            try
            {
                var replaced = await table.UpdateEntityAsync(pending, held.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return new IdempotencyClaim(replaced.Headers.ETag!.Value.ToString(), null);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Another request replaced or removed the expired record first.
                lost = e;
            }
        }

        throw new ConcurrencyConflictException($"The Idempotency-Key changed hands {MaxClaimAttempts} times while this request tried to claim it.", lost!);
    }

    /// <inheritdoc />
    public async Task<bool> CompleteAsync(IdempotentRequest request, string token, RecordedResponse response, CancellationToken cancellationToken)
    {
        if (response.Body.Length > MaxResponseBytes)
        {
            await ReleaseAsync(request, token, cancellationToken);
            return false;
        }

        await Provisioning.EnsureAsync(table, cancellationToken);
        var answered = new TableEntity(PartitionOf(request.CallerId), RowOf(request.Key))
        {
            ["ExpiresAt"] = IdempotencyKeys.ExpiryOf(clock.GetUtcNow(), answered: true),
            ["Status"] = response.Status,
            ["ContentType"] = response.ContentType,
            ["BodyLength"] = response.Body.Length,
        };
        for (var (offset, chunk) = (0, 0); offset < response.Body.Length; offset += ChunkBytes, chunk++)
        {
            answered[$"Body{chunk}"] = response.Body.Slice(offset, Math.Min(ChunkBytes, response.Body.Length - offset)).ToArray();
        }

        try
        {
            await table.UpdateEntityAsync(answered, new ETag(token), TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(IdempotentRequest request, string token, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(PartitionOf(request.CallerId), RowOf(request.Key), new ETag(token), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Lost to a request that took the expired claim over; the key is theirs now.
        }
    }

    private static TableEntity Pending(IdempotentRequest request, DateTimeOffset now) => new(PartitionOf(request.CallerId), RowOf(request.Key))
    {
        ["CallerId"] = TableValues.Text(request.CallerId),
        ["Key"] = request.Key,
        ["Method"] = request.Method,
        ["Path"] = request.Path,
        ["BodySha256"] = request.BodySha256,
        ["CreatedAt"] = now,
        ["ExpiresAt"] = IdempotencyKeys.ExpiryOf(now, answered: false),
    };

    private static IdempotencyRecord ToRecord(TableEntity entity)
    {
        var request = new IdempotentRequest(
            entity.GetString("CallerId"), entity.GetString("Key"), entity.GetString("Method"), entity.GetString("Path"), entity.GetString("BodySha256"));
        RecordedResponse? response = null;
        if (entity.GetInt32("Status") is { } status)
        {
            var body = new byte[entity.GetInt32("BodyLength") ?? 0];
            for (var (offset, chunk) = (0, 0); offset < body.Length; offset += ChunkBytes, chunk++)
            {
                entity.GetBinary($"Body{chunk}").CopyTo(body, offset);
            }

            response = new RecordedResponse(status, entity.GetString("ContentType"), body);
        }

        return new IdempotencyRecord(request, response, entity.GetDateTimeOffset("CreatedAt") ?? default, entity.GetDateTimeOffset("ExpiresAt") ?? default);
    }

    private static string PartitionOf(string callerId) => Digest(callerId);

    private static string RowOf(string key) => Digest(key);

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
