using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>
/// The models index: one row per model in one partition of <see cref="StorageNames.ModelIndexTable"/>, keyed by name, so a
/// page of models is one range query however many versions and history rows the registry holds. A row holds the model's
/// name, creation time and a mirror of its production pointer; the model row in the model's own partition stays the
/// authority (written atomically with its versions). The row is written before its model row, so a name can be indexed
/// a moment before (or, after a crash, without) its model; the mirror is written after each promotion, guarded so that
/// an older pointer never replaces a newer one, and <see cref="TableRegistryStore.ListModelsAsync(CancellationToken)"/>
/// puts back a mirror a crash left behind.
/// </summary>
internal sealed class ModelIndex(TableServiceClient service)
{
    private const string Partition = "models";

    // Written once every model a registry held before the index existed is indexed (IndexBackfill).
    private const string BackfilledRow = "backfilled";

    private readonly TableClient index = service.GetTableClient(StorageNames.ModelIndexTable);
    private readonly TableClient registry = service.GetTableClient(StorageNames.RegistryTable);

    /// <summary>Indexes <paramref name="model"/>; a model indexed already keeps its row (its creation time and mirror).</summary>
    public async Task AddAsync(string model, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        try
        {
            await index.AddEntityAsync(ToEntity(model, createdAt), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Indexed by an earlier attempt or a rival creation: the row stands.
        }
    }

    /// <summary>Up to <paramref name="count"/> models after <paramref name="after"/> (from the first when null), in ordinal order of name.</summary>
    public async Task<IReadOnlyList<ModelSummary>> ReadAsync(string? after, int count, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after}");
        var models = new List<ModelSummary>(Math.Min(count, 1000));
        await foreach (var row in index.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(count, 1000), cancellationToken: cancellationToken))
        {
            models.Add(ToSummary(row));
            if (models.Count >= count)
            {
                break;
            }
        }

        return models;
    }

    /// <summary>
    /// Mirrors <paramref name="production"/> as what <paramref name="model"/> serves, unless the row already mirrors a
    /// pointer that became production later (a promotion that raced this one and won).
    /// </summary>
    public async Task MirrorProductionAsync(string model, DateTimeOffset createdAt, ProductionPointer? production, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await index.GetEntityIfExistsAsync<TableEntity>(Partition, model, cancellationToken: cancellationToken);
            var mirrored = current.HasValue ? ToSummary(current.Value!).Production : null;
            if (mirrored == production || (mirrored is not null && (production is null || mirrored.Since > production.Since)))
            {
                return;
            }

            var row = ToEntity(model, createdAt, production);
            try
            {
                if (current.HasValue)
                {
                    await index.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await index.AddEntityAsync(row, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
                // Another writer changed the row first: read it again and decide again.
            }
        }
    }

    /// <summary>The index row of <paramref name="model"/>, in the layout the store writes (also for seeding a registry in bulk).</summary>
    public static TableEntity ToEntity(string model, DateTimeOffset createdAt, ProductionPointer? production = null)
    {
        var row = new TableEntity(Partition, model) { ["CreatedAt"] = createdAt };
        if (production is not null)
        {
            row["ProductionVersion"] = production.Version;
            row["ProductionVaultPath"] = production.VaultPath;
            row["ProductionSha256"] = production.Sha256;
            row["ProductionSince"] = production.Since;
            row["ProductionNumber"] = production.Number;
        }

        return row;
    }

    private static ModelSummary ToSummary(TableEntity row) => new(
        row.RowKey,
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetString("ProductionVersion") is { } version
            ? new ProductionPointer(
                version,
                row.GetString("ProductionVaultPath"),
                row.GetString("ProductionSha256"),
                row.GetDateTimeOffset("ProductionSince") ?? default,
                row.GetInt32("ProductionNumber") ?? 0)
            : null);

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(index, cancellationToken);
        await IndexBackfill.EnsureAsync(index, BackfilledRow, ModelRowsAsync, cancellationToken);
    }

    // A registry written before the index: its model rows are found once by the scan the index replaces.
    private async IAsyncEnumerable<TableEntity> ModelRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(registry, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RegistryEntities.ModelRowKey}");
        await foreach (var entity in registry.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var model = RegistryEntities.ToModel(entity);
            yield return ToEntity(model.Name, model.CreatedAt, model.Production);
        }
    }
}
