using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Errors;
using Pipeline.Core.Events;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>
/// The registry on Azure Table Storage; every multi-row write is one entity-group transaction, and every
/// history entry that is an event out is written with its outbox row (<see cref="EventEntities"/>): pending, or
/// settled when <c>subscribers</c> (the configured ones; null: not known here) says nobody takes its type.
/// </summary>
public sealed class TableRegistryStore(TableServiceClient service, IEventSubscribers? subscribers = null) : IRegistryStore
{
    // A version number is contended only while versions of one model are added at the same moment.
    private const int MaxCounterAttempts = 20;

    // Model rows read at once for a page of the index: enough to hide round trips, few enough not to swamp the account.
    private const int ParallelModelReads = 16;

    private readonly TableClient table = service.GetTableClient(StorageNames.RegistryTable);
    private readonly GuardedTable guarded = new(service.GetTableClient(StorageNames.RegistryTable));
    private readonly ModelIndex index = new(service);
    private readonly AwaitingIndex awaiting = new(service);

    /// <inheritdoc />
    public async Task<ModelVersion?> TryAddVersionAsync(ModelVersion version, HistoryEntry entry, RegisteredModel? model, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        // The number comes from the model row's counter, taken in the same transaction as the version: two versions
        // added at once cannot get the same number, and a number is never given to a version that was not added. The
        // first attempt counts on the caller's read of the model row; a later one reads it again.
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                model = await FindModelAsync(version.Model, cancellationToken);
            }

            if (model is null)
            {
                await index.AddAsync(version.Model, version.RegisteredAt, cancellationToken);
            }

            var numbered = version with { Number = (model?.LastNumber ?? 0) + 1, ConcurrencyToken = null };
            var counter = model is null
                ? new TableTransactionAction(TableTransactionActionType.Add, RegistryEntities.ToEntity(new RegisteredModel
                {
                    Name = version.Model,
                    CreatedAt = version.RegisteredAt,
                    LastNumber = numbered.Number,
                }))
                : new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(version.Model, RegistryEntities.ModelRowKey) { ["LastNumber"] = numbered.Number },
                    new ETag(model.ConcurrencyToken!));
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, RegistryEntities.ToEntity(numbered)),
                counter,
                new(TableTransactionActionType.Add, RegistryEntities.ToNumberEntity(version.Model, numbered.Number, version.Version)),
                .. EventEntities.ForEntry(entry, subscribers),
            ];

            try
            {
                var answers = await table.SubmitTransactionAsync(actions, cancellationToken);
                // The row as a read would return it: the entity written, mapped back, with the ETag the transaction's
                // answer gave it (no read after the write). Without one, the row is read.
                if (answers.Value.Count == actions.Count && answers.Value[0].Headers.ETag is { } written)
                {
                    var entity = RegistryEntities.ToEntity(numbered);
                    entity.ETag = written;
                    return RegistryEntities.ToVersion(entity);
                }

                return await FindVersionAsync(version.Model, version.Version, cancellationToken) ?? numbered;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
            {
                return null;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxCounterAttempts)
            {
                // Another writer took the number or changed the model row first: read the counter again.
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                throw new ConcurrencyConflictException($"The next version number of model '{version.Model}' stayed contended over {MaxCounterAttempts} attempts.", e);
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryAddModelAsync(RegisteredModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await Provisioning.EnsureAsync(table, cancellationToken);
        await index.AddAsync(model.Name, model.CreatedAt, cancellationToken);
        try
        {
            await table.AddEntityAsync(RegistryEntities.ToEntity(model with { ConcurrencyToken = null }), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<RegisteredModel> SaveModelAsync(RegisteredModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model with { ConcurrencyToken = await guarded.ReplaceAsync(RegistryEntities.ToEntity(model), cancellationToken) };
    }

    /// <inheritdoc />
    public async Task<ModelVersion> SaveVersionAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version with { ConcurrencyToken = await guarded.ReplaceAsync(RegistryEntities.ToEntity(version), cancellationToken) };
    }

    /// <inheritdoc />
    public async Task<ModelVersion?> FindVersionByNumberAsync(string model, int number, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var index = await table.GetEntityIfExistsAsync<TableEntity>(model, RegistryEntities.NumberRowKey(number), ["Version"], cancellationToken);
        return index.HasValue ? await FindVersionAsync(model, index.Value!.GetString("Version"), cancellationToken) : null;
    }

    /// <inheritdoc />
    public async Task<ModelVersion?> FindVersionAsync(string model, string version, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(model, RegistryEntities.VersionRowKey(version), cancellationToken: cancellationToken);
        return response.HasValue ? RegistryEntities.ToVersion(response.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<RegisteredModel?> FindModelAsync(string model, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(model, RegistryEntities.ModelRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? RegistryEntities.ToModel(response.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken)
    {
        var models = new List<RegisteredModel>();
        string? after = null;
        do
        {
            var names = await index.ReadAsync(after, 1000, cancellationToken);
            var rows = new RegisteredModel?[names.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, names.Count),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelModelReads, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    // A name indexed without its model row (a crash between the two writes) is no model yet.
                    if ((rows[i] = await FindModelAsync(names[i].Name, ct)) is { } model && model.Production != names[i].Production)
                    {
                        await index.MirrorProductionAsync(model.Name, model.CreatedAt, model.Production, ct);
                    }
                });
            models.AddRange(rows.OfType<RegisteredModel>());
            after = names.Count == 1000 ? names[^1].Name : null;
        }
        while (after is not null);

        return models;
    }

    /// <inheritdoc />
    public async Task<RowPage<ModelSummary>> ListModelsAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var models = await index.ReadAsync(after, limit + 1, cancellationToken);
        var page = models.Take(limit).ToList();
        return new RowPage<ModelSummary>(page, models.Count > limit ? page[^1].Name : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AwaitingEntry>> ListAwaitingApprovalAsync(CancellationToken cancellationToken) => awaiting.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public Task IndexAwaitingAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return awaiting.AddAsync(version, cancellationToken);
    }

    /// <inheritdoc />
    public Task ForgetAwaitingAsync(AwaitingEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return awaiting.RemoveAsync(entry.Model, entry.Version, entry.Attempt, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken cancellationToken) =>
        ListRangeAsync(model, RegistryEntities.Versions, RegistryEntities.ToVersion, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> ListHistoryAsync(string model, int maxEntries, CancellationToken cancellationToken) =>
        ListHistoryFromAsync(model, RegistryEntities.History.Prefix, maxEntries, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<HistoryEntry> ReadHistoryAtOrBeforeAsync(
        string model, DateTimeOffset at, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        await foreach (var entity in QueryRangeAsync(model, HistoryEntities.RowKeyPrefixAt(at), RegistryEntities.History.End, 100, cancellationToken))
        {
            yield return HistoryEntities.ToHistory(entity);
        }
    }

    /// <inheritdoc />
    public async Task<RowPage<HistoryEntry>> ListHistoryAsync(string model, string? after, int limit, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {model} and RowKey gt {after ?? RegistryEntities.History.Prefix} and RowKey lt {RegistryEntities.History.End}");
        var rows = new List<TableEntity>(limit + 1);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: cancellationToken))
        {
            rows.Add(entity);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var page = rows.Take(limit).ToList();
        return new RowPage<HistoryEntry>([.. page.Select(HistoryEntities.ToHistory)], rows.Count > limit ? page[^1].RowKey : null);
    }

    private async Task<IReadOnlyList<HistoryEntry>> ListHistoryFromAsync(string model, string fromRowKey, int maxEntries, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var entries = new List<HistoryEntry>();
        await foreach (var entity in QueryRangeAsync(model, fromRowKey, RegistryEntities.History.End, Math.Min(maxEntries, 1000), cancellationToken))
        {
            entries.Add(HistoryEntities.ToHistory(entity));
            if (entries.Count >= maxEntries)
            {
                break;
            }
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task AppendHistoryAsync(HistoryEntry entry, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        await table.SubmitTransactionAsync(EventEntities.ForEntry(entry, subscribers), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ModelVersion> SaveTransitionAsync(ModelVersion updated, HistoryEntry entry, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var write = WriteAsync();
        var waits = updated.State == VersionState.AwaitingApproval;
        if (waits && entry.From != VersionState.AwaitingApproval)
        {
            // Listed while the change is written, so that the inbox never misses a round that waits: a listing whose
            // write is refused is stale, and the inbox drops it; a write whose listing failed fails too, and the
            // retried activity lists it again (IndexAwaitingAsync).
            await Task.WhenAll(write, awaiting.AddAsync(updated, cancellationToken));
            return await write;
        }

        var written = await write;
        if (!waits && entry.From == VersionState.AwaitingApproval)
        {
            await awaiting.RemoveAsync(updated.Model, updated.Version, updated.Attempt, cancellationToken);
        }

        return written;

        async Task<ModelVersion> WriteAsync()
        {
            var answers = await guarded.SubmitAsync([GuardedTable.Replace(RegistryEntities.ToEntity(updated)), .. EventEntities.ForEntry(entry, subscribers)], cancellationToken);
            return updated with { ConcurrencyToken = answers.Count > 0 ? answers[0].Headers.ETag?.ToString() : null };
        }
    }

    /// <inheritdoc />
    public async Task SavePromotionAsync(PromotionChange change, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            GuardedTable.Replace(RegistryEntities.ToEntity(change.Model)),
            GuardedTable.Replace(RegistryEntities.ToEntity(change.Promoted)),
        };
        if (change.Archived is not null)
        {
            actions.Add(GuardedTable.Replace(RegistryEntities.ToEntity(change.Archived)));
            var marker = new ArchiveMarker(change.Archived.Model, change.Archived.Version, change.Archived.ArchivedAt!.Value, PurgePending: false);
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, RegistryEntities.ToEntity(marker)));
        }

        if (change.RestoredFromArchive)
        {
            // Restorable versions are archived and unpurged, so their marker exists.
            actions.Add(new TableTransactionAction(
                TableTransactionActionType.Delete,
                new TableEntity(change.Promoted.Model, RegistryEntities.ArchiveRowKey(change.Promoted.Version)),
                Azure.ETag.All));
        }

        actions.AddRange(change.Entries.SelectMany((e, position) => EventEntities.ForEntry(e, subscribers, position)));
        await guarded.SubmitAsync(actions, cancellationToken);
        var promoted = change.Promoted;
        await Task.WhenAll(
            index.MirrorProductionAsync(change.Model.Name, change.Model.CreatedAt, change.Model.Production, cancellationToken),
            change.Entries.Any(e => e.Version == promoted.Version && e.From == VersionState.AwaitingApproval)
                ? awaiting.RemoveAsync(promoted.Model, promoted.Version, promoted.Attempt, cancellationToken)
                : Task.CompletedTask);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ArchiveMarker>> ListArchiveMarkersAsync(string model, CancellationToken cancellationToken) =>
        ListRangeAsync(model, RegistryEntities.Archive, RegistryEntities.ToMarker, cancellationToken);

    /// <inheritdoc />
    public async Task SavePurgeDecisionAsync(ModelVersion purged, HistoryEntry entry, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var marker = new ArchiveMarker(purged.Model, purged.Version, purged.ArchivedAt ?? purged.UpdatedAt, PurgePending: true);
        await guarded.SubmitAsync(
        [
            GuardedTable.Replace(RegistryEntities.ToEntity(purged)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, RegistryEntities.ToEntity(marker)),
            .. EventEntities.ForEntry(entry, subscribers),
        ], cancellationToken);
    }

    /// <inheritdoc />
    public async Task CompletePurgeAsync(string model, string version, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(model, RegistryEntities.ArchiveRowKey(version), Azure.ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Another cleanup finished it first.
        }
    }

    private async Task<IReadOnlyList<T>> ListRangeAsync<T>(string model, RowKeyRange rows, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var items = new List<T>();
        await foreach (var entity in QueryRangeAsync(model, rows.Prefix, rows.End, null, cancellationToken))
        {
            items.Add(map(entity));
        }

        return items;
    }

    private AsyncPageable<TableEntity> QueryRangeAsync(string model, string from, string to, int? pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {model} and RowKey ge {from} and RowKey lt {to}");
        return table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken);
    }
}
