namespace Pipeline.Core.Errors;

/// <summary>The model exists but has no such version, or the model does not exist.</summary>
public sealed class VersionNotFoundException(string model, string version)
    : PipelineException($"Version '{version}' of model '{model}' is not registered.")
{
    /// <summary>The model asked for.</summary>
    public string Model { get; } = model;

    /// <summary>The version asked for.</summary>
    public string Version { get; } = version;
}
