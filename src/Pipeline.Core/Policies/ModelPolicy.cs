namespace Pipeline.Core.Policies;

/// <summary>
/// The per-model policy document: how a staged version is evaluated and what it must achieve, how large
/// it may be and how long archived versions are kept. Every section is optional; an absent section
/// means the corresponding staging test does not run. Build one with <see cref="ModelPolicyParser.Parse"/>,
/// which validates every field.
/// </summary>
public sealed record ModelPolicy
{
    /// <summary>The policy of a model that has no policy document: nothing beyond the integrity check.</summary>
    public static ModelPolicy Default { get; } = new();

    /// <summary>How to evaluate the model on a labelled dataset, or null for no evaluation.</summary>
    public EvaluationSpec? Evaluation { get; init; }

    /// <summary>Absolute bounds per metric name (see <see cref="MetricCatalog"/>); requires <see cref="Evaluation"/>.</summary>
    public IReadOnlyDictionary<string, MetricBound>? Thresholds { get; init; }

    /// <summary>
    /// How much worse than the production version the candidate may be, per metric, in the metric's own
    /// units and direction (see <see cref="MetricCatalog.Worsening"/>); requires <see cref="Evaluation"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double>? MaxRegression { get; init; }

    /// <summary>The inference latency budget, or null for no latency test.</summary>
    public LatencyBudget? Latency { get; init; }

    /// <summary>The largest artifact accepted for this model, in bytes, or null for the pipeline-wide limit.</summary>
    public long? MaxArtifactBytes { get; init; }

    /// <summary>
    /// Whether an artifact in a format the pipeline cannot evaluate may still pass staging (on its
    /// integrity check alone). False by default: an evaluation that cannot run fails the version.
    /// </summary>
    public bool AllowUnevaluatedFormats { get; init; }

    /// <summary>How long archived versions are kept, or null to keep them forever.</summary>
    public RetentionPolicy? Retention { get; init; }
}

/// <summary>How to evaluate a model: which dataset, which columns, which task, which tensors.</summary>
/// <param name="Dataset">The blob name of the CSV dataset in the <c>datasets</c> container.</param>
/// <param name="Task">What the model predicts.</param>
/// <param name="Label">The name of the label column.</param>
/// <param name="Features">The feature columns in the order the model takes them, or null for every column but the label, in file order.</param>
/// <param name="Input">The model's input tensor name, or null for its only input.</param>
/// <param name="Output">The model's output tensor name, or null for its first output.</param>
/// <param name="Threshold">Binary classification only: a score at or above it predicts the positive class; null means <see cref="DefaultThreshold"/>.</param>
public sealed record EvaluationSpec(
    string Dataset,
    EvaluationTask Task,
    string Label,
    IReadOnlyList<string>? Features = null,
    string? Input = null,
    string? Output = null,
    double? Threshold = null)
{
    /// <summary>The decision threshold of a binary classifier when the policy gives none.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>The container that holds evaluation datasets.</summary>
    public const string DatasetContainer = "datasets";
}

/// <summary>An absolute bound on one metric; at least one side is set, and <c>Min &lt;= Max</c>.</summary>
/// <param name="Min">The smallest acceptable value, inclusive, or null for no lower bound.</param>
/// <param name="Max">The largest acceptable value, inclusive, or null for no upper bound.</param>
public sealed record MetricBound(double? Min, double? Max);

/// <summary>The inference latency budget.</summary>
/// <param name="P95Ms">The 95th percentile of single-row inference time must not exceed this, in milliseconds.</param>
/// <param name="Rows">How many single-row inferences to time (1 to <see cref="MaxRows"/>).</param>
public sealed record LatencyBudget(double P95Ms, int Rows)
{
    /// <summary>The most rows a latency test may time, so a policy cannot make staging run for hours.</summary>
    public const int MaxRows = 100_000;
}

/// <summary>How archived versions are retained. Unset limits do not apply.</summary>
/// <param name="KeepArchived">Keep at least this many of the newest archived versions.</param>
/// <param name="ArchivedDays">Keep archived versions for at least this many days after they were archived.</param>
/// <param name="PurgeMode">What to do with an artifact that falls outside both limits (default: delete).</param>
public sealed record RetentionPolicy(int? KeepArchived, int? ArchivedDays, PurgeMode? PurgeMode);
