namespace Pipeline.Core.Errors;

/// <summary>A model of that name is registered already.</summary>
public sealed class ModelExistsException(string model)
    : PipelineException($"Model '{model}' is registered already.")
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;
}
