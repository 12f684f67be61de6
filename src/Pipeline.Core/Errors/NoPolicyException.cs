namespace Pipeline.Core.Errors;

/// <summary>The model has no policy document.</summary>
public sealed class NoPolicyException : PipelineException
{
    /// <summary>Creates the exception for the model.</summary>
    public NoPolicyException(string model)
        : base($"Model '{model}' has no policy; its versions get integrity, load and signature checks only.")
    {
        Model = model;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }
}
