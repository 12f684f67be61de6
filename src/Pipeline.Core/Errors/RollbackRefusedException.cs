namespace Pipeline.Core.Errors;

/// <summary>A rollback to a version that cannot serve again.</summary>
public sealed class RollbackRefusedException : PipelineException
{
    /// <summary>Creates the exception with the reason.</summary>
    public RollbackRefusedException(string model, string? version, string reason)
        : base(version is null
            ? $"Cannot roll back model '{model}': {reason}."
            : $"Cannot roll back model '{model}' to version '{version}': {reason}.")
    {
        Model = model;
        Version = version;
    }

    /// <summary>The model.</summary>
    public string Model { get; }

    /// <summary>The version asked for, if one was.</summary>
    public string? Version { get; }
}
