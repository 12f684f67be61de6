namespace Pipeline.Core.Errors;

/// <summary>The model exists but has no such version, or the model does not exist.</summary>
public sealed class VersionNotFoundException : PipelineException
{
    /// <summary>Creates the exception for the version.</summary>
    public VersionNotFoundException(string model, string version)
        : base($"Version '{version}' of model '{model}' is not registered.")
    {
        Model = model;
        Version = version;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }

    /// <summary>The version asked for.</summary>
    public string Version { get; }
}
