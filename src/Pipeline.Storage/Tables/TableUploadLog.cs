using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>Rejected uploads in a table, one row per blob name (a repeated rejection refreshes it).</summary>
public sealed class TableUploadLog(TableServiceClient service) : IUploadLog
{
    private const string Partition = "rejected";
    private readonly TableClient table = service.GetTableClient(StorageNames.RejectedUploadsTable);

    /// <inheritdoc />
    public async Task RecordRejectedAsync(RejectedUpload upload, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var entity = new TableEntity(Partition, KeyOf(upload.BlobName))
        {
            ["BlobName"] = TableValues.Text(upload.BlobName),
            ["Reason"] = TableValues.Text(upload.Reason),
            ["SeenAt"] = upload.SeenAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RejectedUpload>> ListRejectedAsync(CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var uploads = new List<RejectedUpload>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            uploads.Add(new RejectedUpload(e.GetString("BlobName"), e.GetString("Reason"), e.GetDateTimeOffset("SeenAt") ?? default));
        }

        return uploads.OrderByDescending(u => u.SeenAt).ToList();
    }

    // Blob names may hold characters Table keys forbid ('/', '#', '?'); a digest is always safe.
    internal static string KeyOf(string blobName) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)));
}
