using Pipeline.Core.Policies;

namespace Pipeline.Evaluation.Runs;

/// <summary>How <see cref="DatasetEvaluator"/> reads and bounds an evaluation.</summary>
public sealed record DatasetEvaluationOptions
{
    /// <summary>The batch size when none is given.</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>How many leading rows are kept for the latency probe when no number is given.</summary>
    public const int DefaultLatencyRows = 200;

    /// <summary>The options every evaluation uses unless told otherwise.</summary>
    public static DatasetEvaluationOptions Default { get; } = new();

    /// <summary>
    /// The most rows read and scored at once. Memory grows with it, and so does throughput until the
    /// per-run overhead of the runtime is amortised; 1024 rows is past that point for small tabular models.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int BatchSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = DefaultBatchSize;

    /// <summary>
    /// How many leading rows of the dataset to keep for the latency probe (0 to <see cref="LatencyBudget.MaxRows"/>),
    /// so the probe times real rows without a second read of the dataset.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or above <see cref="LatencyBudget.MaxRows"/>.</exception>
    public int LatencyRows
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, LatencyBudget.MaxRows);
            field = value;
        }
    } = DefaultLatencyRows;

    /// <summary>
    /// The most feature values kept for the latency probe when none is given: 4,194,304 floats, 16 MiB.
    /// 200 rows of 10,000 columns fit; 100,000 rows fit up to 41 features.
    /// </summary>
    public const int DefaultMaxLatencySampleValues = 1 << 22;

    /// <summary>
    /// The most feature values (rows × features) kept for the latency probe. <see cref="LatencyRows"/> rows of
    /// a wide dataset would otherwise be gigabytes (or overflow an array's length); when they do not fit, fewer
    /// rows are kept and the latency check says the budget cannot be measured as asked.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MaxLatencySampleValues
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = DefaultMaxLatencySampleValues;

    /// <summary>
    /// How long the evaluation may take, from the call to the last batch, or null for no limit. Past it the
    /// evaluation stops with <see cref="EvaluationTimeoutException"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative.</exception>
    public TimeSpan? Deadline
    {
        get;
        init
        {
            if (value is { } deadline)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero);
            }

            field = value;
        }
    }

    /// <summary>
    /// How many of the <see cref="LatencyRows"/> rows of <paramref name="featureCount"/> features fit in
    /// <see cref="MaxLatencySampleValues"/>: all of them, or fewer for a wide dataset.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is less than 1.</exception>
    public int LatencyRowsThatFit(int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        return Math.Min(LatencyRows, MaxLatencySampleValues / featureCount);
    }

    /// <summary>The clock the <see cref="Deadline"/> is measured on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
