using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Errors;

namespace Pipeline.Storage.Tables;

/// <summary>
/// The registry table's guarded writes: a row is replaced only under the ETag of the read it came from, and a write
/// another writer got in before is a <see cref="ConcurrencyConflictException"/>, on which the lifecycle reads and
/// decides again.
/// </summary>
internal sealed class GuardedTable(TableClient table)
{
    /// <summary>The transaction action that replaces <paramref name="entity"/> under the ETag it was read with.</summary>
    public static TableTransactionAction Replace(TableEntity entity)
    {
        if (entity.ETag == default)
        {
            throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has no ETag: a guarded write needs the read it replaces.");
        }

        return new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, entity.ETag);
    }

    /// <summary>Replaces one row, guarded by the ETag of the read it came from; returns the new ETag.</summary>
    public async Task<string> ReplaceAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var guarded = Replace(entity);
        try
        {
            var response = await table.UpdateEntityAsync(guarded.Entity, guarded.ETag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag!.Value.ToString();
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException("Another writer changed the registry first.", e);
        }
    }

    /// <summary>Submits one transaction; returns its answers, one per action in order (each with the new ETag of the row it wrote).</summary>
    public async Task<IReadOnlyList<Response>> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            return (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            throw new ConcurrencyConflictException("Another writer changed the registry first.", e);
        }
    }
}
