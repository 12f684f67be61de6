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

    /// <summary>Who may approve, and how many approvals promote a version; null for one approval by any approver.</summary>
    public ApprovalPolicy? Approval { get; init; }

    /// <summary>The callers (names or stable ids) who may change this policy, besides holding the Pipeline.Owner role; null for every owner.</summary>
    public IReadOnlyList<string>? Owners { get; init; }

    /// <summary>
    /// Whether only uploads made through an upload intent are registered. False by default: a blob written
    /// straight to storage is registered with the uploader its metadata claims, unverified. When true, such a
    /// blob is listed as a rejected upload instead.
    /// </summary>
    public bool RequireUploadIntent { get; init; }
}
