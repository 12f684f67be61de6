using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Runs;

/// <summary>A candidate and the production model evaluated on the same rows in one read of the dataset.</summary>
/// <param name="Candidate">The candidate's evaluation, with the latency sample.</param>
/// <param name="Production">The production model's metrics on the same rows.</param>
public sealed record DatasetEvaluationPair(DatasetEvaluation Candidate, ComputedMetrics Production);
