namespace Pipeline.Workflow;

/// <summary>Pipeline settings (configuration section <c>Pipeline</c>, environment <c>Pipeline__*</c>).</summary>
public sealed class PipelineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Pipeline";

    /// <summary>How long a tested version waits for approval before it expires.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest a staging evaluation may run before it fails.</summary>
    public TimeSpan MaxEvaluationTime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest artifact the integrity check accepts, in bytes.</summary>
    public long MaxArtifactBytes { get; set; } = 1L << 30;

    /// <summary>How long the write-only URL of an upload intent works (at most a day).</summary>
    public TimeSpan UploadIntentLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a node may serve a model's production pointer from memory (the serving lookup's staleness bound);
    /// zero turns the cache off, at most a minute (<see cref="Core.Serving.ProductionCacheOptions"/>).
    /// </summary>
    public TimeSpan ProductionCacheTtl { get; set; } = Core.Serving.ProductionCacheOptions.DefaultTtl;

    /// <summary>Fault points that end the process when passed (<see cref="Core.Diagnostics.FaultPoints"/>); for recovery tests only, empty by default.</summary>
    public string FaultPoints { get; set; } = string.Empty;
}
