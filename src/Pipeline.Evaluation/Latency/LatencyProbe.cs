using System.Diagnostics;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Latency;

/// <summary>Measures how long a model takes to score one row, the way an online caller would use it.</summary>
public static class LatencyProbe
{
    /// <summary>Untimed runs first: the first runs pay for lazy allocation in the runtime and the JIT.</summary>
    public const int WarmUpRuns = 10;

    /// <summary>
    /// Scores each of the <paramref name="rows"/> rows on its own, after <see cref="WarmUpRuns"/> untimed runs
    /// over the first rows, and reports the median and 95th percentile (nearest rank) of the timings.
    /// </summary>
    /// <param name="scorer">The model to time.</param>
    /// <param name="rowsRowMajor">The rows, row after row.</param>
    /// <param name="rows">How many rows to time.</param>
    /// <param name="featureCount">How many features each row has.</param>
    /// <param name="cancellationToken">Stops the probe, the run in flight included (a model whose one run takes minutes).</param>
    /// <exception cref="Scoring.ScoringException">The model cannot score the rows.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static LatencyPercentiles Measure(
        OnnxScorer scorer, ReadOnlySpan<float> rowsRowMajor, int rows, int featureCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (rowsRowMajor.Length != (long)rows * featureCount)
        {
            throw new ArgumentException(
                $"{rows} rows of {featureCount} features need {(long)rows * featureCount} values; got {rowsRowMajor.Length}.",
                nameof(rowsRowMajor));
        }

        using var termination = scorer.TerminateRunsWhen(cancellationToken);
        for (var i = 0; i < WarmUpRuns; i++)
        {
            scorer.ScoreBatch(Row(rowsRowMajor, i % rows, featureCount), 1, featureCount, cancellationToken);
        }

        var ticks = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = Row(rowsRowMajor, i, featureCount);
            var start = Stopwatch.GetTimestamp();
            scorer.ScoreBatch(row, 1, featureCount, cancellationToken);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        return new LatencyPercentiles(Milliseconds(Percentile(ticks, 50)), Milliseconds(Percentile(ticks, 95)), rows);
    }

    private static ReadOnlySpan<float> Row(ReadOnlySpan<float> rows, int index, int featureCount) =>
        rows.Slice(index * featureCount, featureCount);

    private static long Percentile(long[] sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
