using Azure;
using Azure.Data.Tables;

namespace Pipeline.Storage.Tables;

/// <summary>
/// Who starts each round of a version's tests: one row per round's orchestration instance id. The first
/// caller inserts it and schedules the round; a second caller, on another node or for a duplicate event,
/// finds the row and does not. A claim whose claimer died before scheduling is taken over by a write
/// conditional on the row's ETag, so of two callers taking it over only one wins.
/// </summary>
public sealed class RoundClaims(TableServiceClient service)
{
    private const string Partition = "round";
    private readonly TableClient table = service.GetTableClient(StorageNames.RoundClaimsTable);

    /// <summary>Claims the round for <paramref name="claimant"/> if nobody has.</summary>
    /// <returns>False when the round was claimed already; nothing is written then.</returns>
    public async Task<bool> TryAddAsync(string instanceId, string claimant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        try
        {
            await table.AddEntityAsync(ToEntity(instanceId, claimant, at), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The round's claim, or null when nobody has claimed it.</summary>
    public async Task<Claim?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyOf(instanceId), cancellationToken: cancellationToken);
        return response.HasValue
            ? new Claim(response.Value!.GetString("Claimant") ?? string.Empty, response.Value.GetDateTimeOffset("ClaimedAt") ?? default, response.Value.ETag)
            : null;
    }

    /// <summary>Takes over <paramref name="stale"/> for <paramref name="claimant"/>, unless it changed since it was read.</summary>
    /// <returns>False when another caller changed the claim first.</returns>
    public async Task<bool> TryTakeOverAsync(string instanceId, Claim stale, string claimant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stale);
        await Provisioning.EnsureAsync(table, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(instanceId, claimant, at), stale.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(string instanceId, string claimant, DateTimeOffset at) => new(Partition, KeyOf(instanceId))
    {
        ["InstanceId"] = instanceId,
        ["Claimant"] = claimant,
        ["ClaimedAt"] = at,
    };

    // Instance ids carry the model's and version's names; a hash keeps them within what a row key allows.
    private static string KeyOf(string instanceId) => TableUploadLog.KeyOf(instanceId);

    /// <summary>A round's claim as read.</summary>
    /// <param name="Claimant">Who claimed it (node, process and call).</param>
    /// <param name="ClaimedAt">When.</param>
    /// <param name="ETag">The row's concurrency token, for a takeover.</param>
    public sealed record Claim(string Claimant, DateTimeOffset ClaimedAt, ETag ETag);
}
