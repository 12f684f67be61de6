using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Pipeline.Storage.Tables;

/// <summary>
/// Fills an index once from what it indexes, for a registry written before the index existed. A marker row in the
/// index's <c>meta</c> partition says it is done; until it is written, each process fills the index when it first uses
/// it (upserts, so processes that do so at once write the same rows), and once only while it runs.
/// </summary>
internal static class IndexBackfill
{
    private const string MetaPartition = "meta";
    private const int BatchSize = 100;

    private static readonly ConcurrentDictionary<(Uri Index, string Marker), Lazy<Task>> Filled = new();

    /// <summary>
    /// Fills <paramref name="index"/> with <paramref name="rows"/> (all of one partition) unless its marker
    /// <paramref name="marker"/> says that was done; a failure is tried again by the next caller.
    /// </summary>
    public static async Task EnsureAsync(
        TableClient index, string marker, Func<CancellationToken, IAsyncEnumerable<TableEntity>> rows, CancellationToken cancellationToken)
    {
        var key = (index.Uri, marker);
        var fill = Filled.GetOrAdd(key, _ => new Lazy<Task>(() => FillAsync(index, marker, rows, cancellationToken)));
        try
        {
            await fill.Value;
        }
        catch
        {
            Filled.TryRemove(new KeyValuePair<(Uri, string), Lazy<Task>>(key, fill));
            throw;
        }
    }

    private static async Task FillAsync(TableClient index, string marker, Func<CancellationToken, IAsyncEnumerable<TableEntity>> rows, CancellationToken cancellationToken)
    {
        if ((await index.GetEntityIfExistsAsync<TableEntity>(MetaPartition, marker, cancellationToken: cancellationToken)).HasValue)
        {
            return;
        }

        var batch = new List<TableTransactionAction>(BatchSize);
        await foreach (var row in rows(cancellationToken))
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
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

        await index.UpsertEntityAsync(new TableEntity(MetaPartition, marker), TableUpdateMode.Replace, cancellationToken);
    }
}
