namespace Pipeline.Core.Errors;

/// <summary>A rollback to a version that cannot serve again.</summary>
public sealed class RollbackRefusedException(string model, string? version, string reason)
    : PipelineException(version is null
        ? $"Cannot roll back model '{model}': {reason}."
        : $"Cannot roll back model '{model}' to version '{version}': {reason}.")
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The version asked for, if one was.</summary>
    public string? Version { get; } = version;
}
