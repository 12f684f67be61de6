using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Core.Errors;

namespace Pipeline.Storage;

/// <summary>Whether the state of record answers: one point read in the registry table, one existence check in Blob Storage.</summary>
public sealed class StorageProbe(TableServiceClient tables, BlobServiceClient blobs)
{
    /// <summary>How long a probe waits, retries included, before it calls storage unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads a row that never exists: any answer from the table service, "not found" included, is reachable.</summary>
    /// <exception cref="StorageUnavailableException">Storage refused the read or did not answer in time.</exception>
    public Task CheckAsync(CancellationToken cancellationToken) =>
        ProbeAsync("Table", token => tables.GetTableClient(StorageNames.RegistryTable).GetEntityIfExistsAsync<TableEntity>("~probe", "~probe", ["PartitionKey"], token), cancellationToken);

    /// <summary>Asks whether the models container exists: any answer from the blob service is reachable.</summary>
    /// <exception cref="StorageUnavailableException">Storage refused the call or did not answer in time.</exception>
    public Task CheckBlobsAsync(CancellationToken cancellationToken) =>
        ProbeAsync("Blob", token => blobs.GetBlobContainerClient(StorageNames.ModelsContainer).ExistsAsync(token), cancellationToken);

    private static async Task ProbeAsync<T>(string service, Func<CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await probe(timeout.Token);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The table or container does not exist yet: storage answered.
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            throw new StorageUnavailableException($"{service} storage refused the probe ({e.Status} {e.ErrorCode}).", e);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new StorageUnavailableException($"{service} storage could not be reached within {Timeout.TotalSeconds:0} s.", e);
        }
    }
}
