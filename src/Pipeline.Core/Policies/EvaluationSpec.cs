namespace Pipeline.Core.Policies;

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
