namespace Pipeline.Evaluation.Checks;

/// <summary>Limits of the model checks.</summary>
public sealed class OnnxCheckOptions
{
    /// <summary>The longest an evaluation may run before it fails (default 30 minutes).</summary>
    public TimeSpan MaxEvaluationTime { get; set; } = TimeSpan.FromMinutes(30);
}
