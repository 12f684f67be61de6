namespace Pipeline.Core.Errors;

/// <summary>No model of that name is registered.</summary>
public sealed class ModelNotFoundException : PipelineException
{
    /// <summary>Creates the exception for the model.</summary>
    public ModelNotFoundException(string model)
        : base($"Model '{model}' is not registered.")
    {
        Model = model;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }
}
