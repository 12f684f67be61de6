namespace Pipeline.Core.Errors;

/// <summary>The version is not in a state that allows what was asked.</summary>
public sealed class VersionStateConflictException : PipelineException
{
    /// <summary>Creates the exception naming the state the version is in.</summary>
    public VersionStateConflictException(string model, string version, string action, Lifecycle.VersionState current, string detail)
        : base($"Cannot {action} version '{version}' of model '{model}': it is {Lifecycle.VersionStates.Describe(current)}. {detail}")
    {
        Model = model;
        Version = version;
        Action = action;
        Current = current;
    }

    /// <summary>The model.</summary>
    public string Model { get; }

    /// <summary>The version.</summary>
    public string Version { get; }

    /// <summary>What was asked (approve, reject, retest).</summary>
    public string Action { get; }

    /// <summary>The state the version is in now.</summary>
    public Lifecycle.VersionState Current { get; }
}
