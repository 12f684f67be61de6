using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Pipeline.Core.Evaluation;

namespace Pipeline.Evaluation.Evaluation;

/// <summary>
/// Reads a dataset's batches on a worker while the caller scores the ones already read. Parsing CSV text
/// costs more than scoring a small tabular model, so overlapping the two is most of an evaluation's speed;
/// it also keeps a slow download from idling the scorer. The reader hands out fresh arrays per batch, so a
/// batch in the queue is never overwritten.
/// </summary>
internal static class BatchReadAhead
{
    /// <summary>
    /// The batches of <paramref name="reader"/>, read up to <paramref name="depth"/> ahead of the caller. A
    /// failure of the reader (a malformed row) surfaces after the batches before it; a caller that stops early
    /// or fails stops the worker before this returns, so the reader is idle when the caller disposes it.
    /// </summary>
    public static async IAsyncEnumerable<DatasetBatch> ReadAheadAsync(
        this CsvDatasetReader reader,
        int depth,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = Channel.CreateBounded<DatasetBatch>(new BoundedChannelOptions(depth)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var worker = Task.Run(() => FillAsync(reader, queue.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (await queue.Reader.WaitToReadAsync(cancellationToken))
            {
                while (queue.Reader.TryRead(out var batch))
                {
                    yield return batch;
                }
            }

            await worker;
        }
        finally
        {
            if (!worker.IsCompleted)
            {
                // The caller is leaving with its own exception (or stopped early); the worker's cancellation
                // is the consequence, not news, so it is waited for and not rethrown.
                await stop.CancelAsync();
                await worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static async Task FillAsync(CsvDatasetReader reader, ChannelWriter<DatasetBatch> queue, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in reader.ReadBatchesAsync(cancellationToken))
            {
                await queue.WriteAsync(batch, cancellationToken);
            }
        }
        finally
        {
            queue.Complete();
        }
    }
}
