namespace Pipeline.Core.Errors;

/// <summary>The model has no production version.</summary>
public sealed class NoProductionVersionException : PipelineException
{
    /// <summary>Creates the exception for the model.</summary>
    public NoProductionVersionException(string model)
        : base($"Model '{model}' has no production version.")
    {
        Model = model;
    }

    /// <summary>Creates the exception for a model that had no production version at an instant.</summary>
    public NoProductionVersionException(string model, DateTimeOffset at)
        : base($"Model '{model}' had no production version at {at:O}.")
    {
        Model = model;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }
}
