using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Metrics;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Runs;

/// <summary>Feeds one model's scored batches to the metrics of its task.</summary>
internal sealed class TaskMetricsAccumulator
{
    private readonly EvaluationTask task;
    private readonly double threshold;
    private readonly BinaryClassificationMetrics? binary;
    private readonly RegressionMetrics? regression;

    // The class count is whatever the model scores, so it is known only once the first batch is scored.
    private MulticlassClassificationMetrics? multiclass;

    public TaskMetricsAccumulator(EvaluationTask task, double threshold)
    {
        this.task = task;
        this.threshold = threshold;
        switch (task)
        {
            case EvaluationTask.BinaryClassification:
                binary = new BinaryClassificationMetrics();
                break;
            case EvaluationTask.Regression:
                regression = new RegressionMetrics();
                break;
            case EvaluationTask.MulticlassClassification:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown evaluation task.");
        }
    }

    public void Add(ScoredBatch scored, ReadOnlySpan<float> labels, long firstRow)
    {
        switch (task)
        {
            case EvaluationTask.BinaryClassification:
                binary!.Add(scored.Scores, labels);
                break;
            case EvaluationTask.Regression:
                regression!.Add(scored.Scores, labels);
                break;
            default:
                multiclass ??= new MulticlassClassificationMetrics(scored.ScoresPerRow);
                if (scored.ScoresPerRow != multiclass.ClassCount)
                {
                    // A ZipMap output can change its number of classes from row to row; the metrics cannot.
                    throw new ScoringException(
                        $"The model scored {scored.ScoresPerRow} classes for rows {firstRow} to {firstRow + scored.Rows - 1}, " +
                        $"but {multiclass.ClassCount} classes for the first rows; a classifier must score the same classes for every row.");
                }

                multiclass.Add(scored.Scores, labels);
                break;
        }
    }

    public ComputedMetrics Compute() => task switch
    {
        EvaluationTask.BinaryClassification => binary!.Compute(threshold),
        EvaluationTask.Regression => regression!.Compute(),

        // No batch means no rows; the reader reports an empty dataset before this is reached.
        _ => multiclass?.Compute() ?? throw new DatasetException("No rows were scored, so no classification metric is defined; the evaluation dataset is empty."),
    };
}
