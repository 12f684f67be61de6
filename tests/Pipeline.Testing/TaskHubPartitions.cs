using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Pipeline.Testing;

/// <summary>
/// Who owns each control-queue partition of a task hub, as DurableTask.AzureStorage records it: with the
/// table partition manager, one row per partition in <c>{hub}Partitions</c> (CurrentOwner, ExpiresAt); with
/// the blob-lease managers, one blob per partition in <c>{hub}-leases</c> whose JSON names its Owner.
/// </summary>
public static class TaskHubPartitions
{
    /// <summary>The owner of each partition (null where none), and which record said so.</summary>
    public static async Task<(string Source, IReadOnlyDictionary<string, string?> Owners)> ReadAsync(TableServiceClient tables, BlobServiceClient blobs, string taskHub)
    {
        var table = tables.GetTableClient(taskHub + "Partitions");
        try
        {
            var owners = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                var expires = row.GetDateTimeOffset("ExpiresAt");
                owners[row.RowKey] = expires is { } at && at > DateTimeOffset.UtcNow ? row.GetString("CurrentOwner") : null;
            }

            return (table.Name, owners);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No partition table: the blob-lease partition manager.
        }

        var container = blobs.GetBlobContainerClient(taskHub.ToLowerInvariant() + "-leases");
        var leases = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "default/", CancellationToken.None))
        {
            var blob = container.GetBlobClient(item.Name);
            var content = await blob.DownloadContentAsync();
            using var json = JsonDocument.Parse(content.Value.Content.ToMemory());
            var leased = content.Value.Details.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased;
            leases[item.Name] = leased && json.RootElement.TryGetProperty("Owner", out var owner) ? owner.GetString() : null;
        }

        return (container.Name, leases);
    }
}
