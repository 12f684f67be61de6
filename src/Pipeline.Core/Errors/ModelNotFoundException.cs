namespace Pipeline.Core.Errors;

/// <summary>No model of that name is registered.</summary>
public sealed class ModelNotFoundException(string model)
    : PipelineException($"Model '{model}' is not registered.")
{
    /// <summary>The model asked for.</summary>
    public string Model { get; } = model;
}
