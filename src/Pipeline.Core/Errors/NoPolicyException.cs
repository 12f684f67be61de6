namespace Pipeline.Core.Errors;

/// <summary>The model has no policy document.</summary>
public sealed class NoPolicyException(string model)
    : PipelineException($"Model '{model}' has no policy; its versions get integrity, load and signature checks only.")
{
    /// <summary>The model asked for.</summary>
    public string Model { get; } = model;
}
