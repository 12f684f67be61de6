using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Errors;

namespace Pipeline.Storage;

/// <summary>Whether the state of record answers: one point read in the registry table.</summary>
public sealed class StorageProbe(TableServiceClient tables)
{
    /// <summary>How long the probe waits, retries included, before it calls storage unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads a row that never exists: any answer from the table service, "not found" included, is reachable.</summary>
    /// <exception cref="StorageUnavailableException">Storage refused the read or did not answer in time.</exception>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await tables.GetTableClient(StorageNames.RegistryTable).GetEntityIfExistsAsync<TableEntity>("~probe", "~probe", ["PartitionKey"], timeout.Token);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The table does not exist yet: storage answered.
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            throw new StorageUnavailableException($"Table storage refused the probe ({e.Status} {e.ErrorCode}).", e);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new StorageUnavailableException($"Table storage could not be reached within {Timeout.TotalSeconds:0} s.", e);
        }
    }
}
