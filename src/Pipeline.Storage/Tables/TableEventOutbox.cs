using Azure.Data.Tables;
using Pipeline.Core.Errors;
using Pipeline.Core.Events;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>The outbox on the registry table: the <c>e_</c> rows <see cref="TableRegistryStore"/> writes with each change.</summary>
public sealed class TableEventOutbox(TableServiceClient service) : IEventOutbox
{
    private const char PositionSeparator = '\u0001';

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
    public async Task<RowPage<OutboxEntry>> ListAsync(string? model, DeliveryStatus? status, string? after, int limit, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var (prefix, end) = (EventEntities.Events.Prefix, EventEntities.Events.End);
        var (afterModel, afterRow) = ReadPosition(after);
        var filter = (model, afterModel) switch
        {
            (null, null) => TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {end}"),
            (null, { } m) => TableClient.CreateQueryFilter(
                $"(PartitionKey eq {m} and RowKey gt {afterRow} and RowKey lt {end}) or (PartitionKey gt {m} and RowKey ge {prefix} and RowKey lt {end})"),
            ({ } m, null) => TableClient.CreateQueryFilter($"PartitionKey eq {m} and RowKey ge {prefix} and RowKey lt {end}"),
            ({ } m, { } a) when a == m => TableClient.CreateQueryFilter($"PartitionKey eq {m} and RowKey gt {afterRow} and RowKey lt {end}"),
            _ => throw new InvalidRequestException("Invalid 'continuationToken': it belongs to another model's list of events."),
        };
        var found = new List<(TableEntity Row, OutboxEntry Entry)>(limit + 1);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: cancellationToken))
        {
            var entry = EventEntities.ToEntry(entity);
            if (status is null || (entry.Deliveries?.Any(d => d.Status == status) ?? status == DeliveryStatus.Pending))
            {
                found.Add((entity, entry));
                if (found.Count > limit)
                {
                    break;
                }
            }
        }

        var page = found.Take(limit).ToList();
        return new RowPage<OutboxEntry>(
            [.. page.Select(f => f.Entry)],
            found.Count > limit ? $"{page[^1].Row.PartitionKey}{PositionSeparator}{page[^1].Row.RowKey}" : null);
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

    // "<model>\u0001<row key>": model names never hold the separator.
    private static (string? Model, string? Row) ReadPosition(string? position)
    {
        if (position is null)
        {
            return (null, null);
        }

        var cut = position.IndexOf(PositionSeparator, StringComparison.Ordinal);
        return cut > 0
            ? (position[..cut], position[(cut + 1)..])
            : throw new InvalidRequestException("Invalid 'continuationToken': pass the token of the previous page's Link header unchanged.");
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
