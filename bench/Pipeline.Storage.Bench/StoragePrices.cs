using Pipeline.Storage.Transport;

namespace Pipeline.Storage.Bench;

/// <summary>
/// Azure Storage's list prices per 10,000 operations, US dollars, for a general-purpose v2 account with locally redundant
/// storage, Blob Storage's Hot tier, in East US, as of <see cref="AsOf"/>. Recalled from the public price list, not fetched
/// (this machine reaches no price page): check them before relying on the figures; the counts do not depend on them.
/// </summary>
public static class StoragePrices
{
    /// <summary>When these prices were taken.</summary>
    public const string AsOf = "2026-12-01";

    /// <summary>Blob write operations (put blob, put block, put block list, lease, create container) and list operations.</summary>
    public const decimal BlobWritePer10K = 0.065m;

    /// <summary>Blob read operations (get blob, get properties) and all other blob operations.</summary>
    public const decimal BlobReadPer10K = 0.005m;

    /// <summary>Queue class 1 operations (put, get, update, delete message; create queue).</summary>
    public const decimal QueueClass1Per10K = 0.05m;

    /// <summary>Queue class 2 operations (peek, get queue metadata).</summary>
    public const decimal QueueClass2Per10K = 0.004m;

    /// <summary>Table transactions, of every kind (a batch is one).</summary>
    public const decimal TablePer10K = 0.00036m;

    /// <summary>The list price of one operation.</summary>
    public static decimal Of(StorageOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var per10K = operation.Service switch
        {
            StorageService.Table => TablePer10K,
            StorageService.Queue => operation.Name.EndsWith(" peek", StringComparison.Ordinal) || operation.Name.StartsWith("GET queue", StringComparison.Ordinal)
                || operation.Name.StartsWith("GET metadata", StringComparison.Ordinal) ? QueueClass2Per10K : QueueClass1Per10K,
            _ => operation.Name.StartsWith("GET", StringComparison.Ordinal) && !operation.Name.StartsWith("GET list", StringComparison.Ordinal)
                || operation.Name.StartsWith("HEAD", StringComparison.Ordinal) || operation.Name.StartsWith("DELETE", StringComparison.Ordinal) ? BlobReadPer10K : BlobWritePer10K,
        };
        return per10K / 10_000m;
    }
}
