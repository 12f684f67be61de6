using Azure.Data.Tables;
using Pipeline.Core.Errors;
using Pipeline.Core.Events;

namespace Pipeline.Storage.Tables;

/// <summary>The outbox on the registry table: the <c>e_</c> rows <see cref="TableRegistryStore"/> writes with each change.</summary>
public sealed class TableEventOutbox(TableServiceClient service) : IEventOutbox
{
    private readonly TableClient table = service.GetTableClient(StorageNames.RegistryTable);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ListPendingAsync(CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {EventEntities.Events.Prefix} and RowKey lt {EventEntities.Events.End} and Pending eq true");
        return await ReadAsync(filter, int.MaxValue, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string? model, DeliveryStatus? status, int max, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var filter = model is null
            ? TableClient.CreateQueryFilter($"RowKey ge {EventEntities.Events.Prefix} and RowKey lt {EventEntities.Events.End}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {model} and RowKey ge {EventEntities.Events.Prefix} and RowKey lt {EventEntities.Events.End}");
        var entries = await ReadAsync(filter, status is null ? max : int.MaxValue, cancellationToken);
        return status is null
            ? entries
            : [.. entries.Where(e => e.Deliveries?.Any(d => d.Status == status) ?? status == DeliveryStatus.Pending).Take(max)];
    }

    /// <inheritdoc />
    public async Task SaveAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var entity = EventEntities.ToEntity(entry);
        try
        {
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException("Another dispatcher recorded this event's delivery first.", e);
        }
    }

    // Oldest first within each model (the keys sort so); models in the order the table returns them.
    private async Task<IReadOnlyList<OutboxEntry>> ReadAsync(string filter, int max, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(EventEntities.ToEntry(entity));
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }
}
