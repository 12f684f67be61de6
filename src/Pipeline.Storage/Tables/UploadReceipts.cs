using Azure.Data.Tables;

namespace Pipeline.Storage.Tables;

/// <summary>
/// Which blob contents the local upload watcher has handled, keyed by name and ETag, so that a
/// restart does not handle them again and an overwritten blob is seen as new.
/// </summary>
public sealed class UploadReceipts(TableServiceClient service)
{
    private const string Partition = "receipt";
    private readonly TableClient table = service.GetTableClient(StorageNames.UploadReceiptsTable);

    /// <summary>Whether this blob content has been handled.</summary>
    public async Task<bool> HasAsync(string blobName, string etag, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyOf(blobName, etag), cancellationToken: cancellationToken);
        return response.HasValue;
    }

    /// <summary>Records that this blob content has been handled.</summary>
    public async Task AddAsync(string blobName, string etag, DateTimeOffset handledAt, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var entity = new TableEntity(Partition, KeyOf(blobName, etag))
        {
            ["BlobName"] = blobName,
            ["ETag"] = etag,
            ["HandledAt"] = handledAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static string KeyOf(string blobName, string etag) => TableUploadLog.KeyOf(blobName + "\n" + etag);
}
