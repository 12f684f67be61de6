namespace Pipeline.Core.Policies;

/// <summary>
/// The metrics the staging evaluation computes: their names (as used in policy documents and reports),
/// which task each applies to and which way each improves.
/// </summary>
public static class MetricCatalog
{
    /// <summary>Fraction of rows predicted correctly (binary and multiclass).</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Binary: TP / (TP + FP).</summary>
    public const string Precision = "precision";

    /// <summary>Binary: TP / (TP + FN).</summary>
    public const string Recall = "recall";

    /// <summary>Binary: the harmonic mean of precision and recall.</summary>
    public const string F1 = "f1";

    /// <summary>Binary: the area under the ROC curve.</summary>
    public const string RocAuc = "rocAuc";

    /// <summary>Multiclass: the unweighted mean of the per-class F1 scores.</summary>
    public const string MacroF1 = "macroF1";

    /// <summary>Regression: root mean squared error.</summary>
    public const string Rmse = "rmse";

    /// <summary>Regression: mean absolute error.</summary>
    public const string Mae = "mae";

    /// <summary>Regression: coefficient of determination.</summary>
    public const string R2 = "r2";

    private static readonly Dictionary<string, MetricDirection> Directions = new(StringComparer.Ordinal)
    {
        [Accuracy] = MetricDirection.HigherIsBetter,
        [Precision] = MetricDirection.HigherIsBetter,
        [Recall] = MetricDirection.HigherIsBetter,
        [F1] = MetricDirection.HigherIsBetter,
        [RocAuc] = MetricDirection.HigherIsBetter,
        [MacroF1] = MetricDirection.HigherIsBetter,
        [R2] = MetricDirection.HigherIsBetter,
        [Rmse] = MetricDirection.LowerIsBetter,
        [Mae] = MetricDirection.LowerIsBetter,
    };

    private static readonly string[] BinaryMetrics = [Accuracy, Precision, Recall, F1, RocAuc];
    private static readonly string[] MulticlassMetrics = [Accuracy, MacroF1];
    private static readonly string[] RegressionMetrics = [Rmse, Mae, R2];

    /// <summary>Every metric name, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. BinaryMetrics, MacroF1, .. RegressionMetrics];

    /// <summary>The metrics computed for <paramref name="task"/>.</summary>
    public static IReadOnlyList<string> For(EvaluationTask task) => task switch
    {
        EvaluationTask.BinaryClassification => BinaryMetrics,
        EvaluationTask.MulticlassClassification => MulticlassMetrics,
        EvaluationTask.Regression => RegressionMetrics,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown evaluation task."),
    };

    /// <summary>Whether <paramref name="metric"/> is a metric name (case-sensitive).</summary>
    public static bool IsKnown(string? metric) => metric is not null && Directions.ContainsKey(metric);

    /// <summary>Whether <paramref name="metric"/> is computed for <paramref name="task"/>.</summary>
    public static bool AppliesTo(string metric, EvaluationTask task) => For(task).Contains(metric, StringComparer.Ordinal);

    /// <summary>Which way <paramref name="metric"/> improves.</summary>
    /// <exception cref="ArgumentException">The metric is not known.</exception>
    public static MetricDirection Direction(string metric) =>
        metric is not null && Directions.TryGetValue(metric, out var direction)
            ? direction
            : throw new ArgumentException($"'{metric}' is not a known metric; known metrics are {string.Join(", ", All)}.", nameof(metric));

    /// <summary>
    /// How much worse <paramref name="candidate"/> is than <paramref name="production"/> on
    /// <paramref name="metric"/>, in the metric's own units: positive means worse, zero or negative means
    /// at least as good. For example accuracy 0.90 against 0.93 is a worsening of 0.03; RMSE 2.5 against
    /// 2.0 is a worsening of 0.5.
    /// </summary>
    public static double Worsening(string metric, double candidate, double production) =>
        Direction(metric) == MetricDirection.HigherIsBetter ? production - candidate : candidate - production;

    /// <summary>Whether <paramref name="value"/> lies within <paramref name="bound"/> (both sides inclusive); NaN never does.</summary>
    public static bool MeetsBound(double value, MetricBound bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        if (double.IsNaN(value))
        {
            return false;
        }

        return (bound.Min is not { } min || value >= min) && (bound.Max is not { } max || value <= max);
    }
}
