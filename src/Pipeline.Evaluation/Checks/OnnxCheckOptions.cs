namespace Pipeline.Evaluation.Checks;

/// <summary>Limits of the model checks.</summary>
public sealed class OnnxCheckOptions
{
    /// <summary>
    /// The longest the model checks of one round may run, from loading the model to the last latency
    /// run (default 30 minutes). A run of ONNX Runtime in flight is stopped when it passes; whatever was
    /// cut off fails with the limit as its reason.
    /// </summary>
    public TimeSpan MaxEvaluationTime { get; set; } = TimeSpan.FromMinutes(30);
}
