using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Uploads;

namespace Pipeline.Storage.Tables;

/// <summary>
/// Each version's upload intent, as one row (<c>i_{version}</c>) in the model's registry partition, beside the
/// version it is for. Writes are conditional: an add fails when an intent exists, a replace when it changed.
/// </summary>
public sealed class TableUploadIntentStore(TableServiceClient service) : IUploadIntentStore
{
    private readonly TableClient table = service.GetTableClient(StorageNames.RegistryTable);

    /// <inheritdoc />
    public async Task<UploadIntent?> FindAsync(string model, string version, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(model, RegistryEntities.IntentRowKey(version), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new UploadIntent(
            model,
            version,
            e.GetString("BlobPath"),
            e.GetString("CallerId"),
            e.GetString("CallerName"),
            e.GetDateTimeOffset("CreatedAt") ?? default,
            e.GetDateTimeOffset("ExpiresAt") ?? default)
        {
            ConcurrencyToken = e.ETag.ToString(),
        };
    }

    /// <inheritdoc />
    public async Task<bool> TrySaveAsync(UploadIntent intent, string? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        await Provisioning.EnsureAsync(table, cancellationToken);
        var entity = new TableEntity(intent.Model, RegistryEntities.IntentRowKey(intent.Version))
        {
            ["Version"] = intent.Version,
            ["BlobPath"] = intent.BlobPath,
            ["CallerId"] = TableValues.Text(intent.CallerId),
            ["CallerName"] = TableValues.Text(intent.CallerName),
            ["CreatedAt"] = intent.CreatedAt,
            ["ExpiresAt"] = intent.ExpiresAt,
        };

        try
        {
            if (replacing is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(replacing), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // 409: added meanwhile; 412: changed meanwhile; 404: removed meanwhile. The caller reads again.
            return false;
        }
    }
}
