using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Pipeline.Storage.Tables;

/// <summary>
/// The models index: one row per model in one partition of <see cref="StorageNames.ModelIndexTable"/>, keyed by name, so a
/// page of models is one range query however many versions and history rows the registry holds. It names models only;
/// their state stays in the model row of their own partition (the authority, written atomically with their versions),
/// read by point reads. A row is written before its model row, so a name can be indexed a moment before (or, after a
/// crash, without) its model: readers skip a name whose model row is missing.
/// </summary>
internal sealed class ModelIndex(TableServiceClient service)
{
    private const string Partition = "models";

    // Written once every model a registry held before the index existed is indexed; until then each process backfills.
    private const string MetaPartition = "meta";
    private const string BackfilledRow = "backfilled";
    private const int BatchSize = 100;

    private static readonly ConcurrentDictionary<Uri, Lazy<Task>> Backfilled = new();

    private readonly TableClient index = service.GetTableClient(StorageNames.ModelIndexTable);
    private readonly TableClient registry = service.GetTableClient(StorageNames.RegistryTable);

    /// <summary>Indexes <paramref name="model"/> (idempotent).</summary>
    public async Task AddAsync(string model, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        await index.UpsertEntityAsync(ToEntity(model, createdAt), TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Up to <paramref name="count"/> model names after <paramref name="after"/> (all when null), in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(string? after, int count, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after}");
        var names = new List<string>(Math.Min(count, 1000));
        await foreach (var row in index.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(count, 1000), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            names.Add(row.RowKey);
            if (names.Count >= count)
            {
                break;
            }
        }

        return names;
    }

    /// <summary>The index row of <paramref name="model"/>, in the layout the store writes (for seeding a registry in bulk).</summary>
    public static TableEntity ToEntity(string model, DateTimeOffset createdAt) => new(Partition, model) { ["CreatedAt"] = createdAt };

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(index, cancellationToken);
        var backfill = Backfilled.GetOrAdd(index.Uri, _ => new Lazy<Task>(() => BackfillAsync(cancellationToken)));
        try
        {
            await backfill.Value;
        }
        catch
        {
            Backfilled.TryRemove(new KeyValuePair<Uri, Lazy<Task>>(index.Uri, backfill));
            throw;
        }
    }

    // A registry written before the index: its model rows are found once by the scan the index replaces.
    private async Task BackfillAsync(CancellationToken cancellationToken)
    {
        if ((await index.GetEntityIfExistsAsync<TableEntity>(MetaPartition, BackfilledRow, cancellationToken: cancellationToken)).HasValue)
        {
            return;
        }

        await Provisioning.EnsureAsync(registry, cancellationToken);
        var batch = new List<TableTransactionAction>(BatchSize);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RegistryEntities.ModelRowKey}");
        await foreach (var model in registry.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "CreatedAt"], cancellationToken: cancellationToken))
        {
            batch.Add(new TableTransactionAction(
                TableTransactionActionType.UpsertMerge, ToEntity(model.PartitionKey, model.GetDateTimeOffset("CreatedAt") ?? default)));
            if (batch.Count == BatchSize)
            {
                await index.SubmitTransactionAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await index.SubmitTransactionAsync(batch, cancellationToken);
        }

        await index.UpsertEntityAsync(new TableEntity(MetaPartition, BackfilledRow), TableUpdateMode.Replace, cancellationToken);
    }
}
