using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Runs;

/// <summary>What one model achieved on an evaluation dataset, and the rows kept for its latency probe.</summary>
/// <param name="Metrics">The task's metrics over every row.</param>
/// <param name="Rows">How many data rows were scored.</param>
/// <param name="FeatureCount">How many features each row has.</param>
/// <param name="FeatureNames">The feature columns, in the order the model took them.</param>
/// <param name="LatencySampleRowsRowMajor">
/// The first <paramref name="LatencySampleCount"/> rows' features, row after row, ready for
/// <see cref="Latency.LatencyProbe.Measure"/>.
/// </param>
/// <param name="LatencySampleCount">
/// How many rows <paramref name="LatencySampleRowsRowMajor"/> holds: the requested number, every row of a shorter
/// dataset, or as many as fit in <see cref="DatasetEvaluationOptions.MaxLatencySampleValues"/>.
/// </param>
public sealed record DatasetEvaluation(
    ComputedMetrics Metrics,
    long Rows,
    int FeatureCount,
    IReadOnlyList<string> FeatureNames,
    float[] LatencySampleRowsRowMajor,
    int LatencySampleCount);
