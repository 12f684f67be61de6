namespace Pipeline.Core.Errors;

/// <summary>The version is not in a state that allows what was asked.</summary>
public sealed class VersionStateConflictException(string model, string version, string action, Lifecycle.VersionState current, string detail)
    : PipelineException($"Cannot {action} version '{version}' of model '{model}': it is {Lifecycle.VersionStates.Describe(current)}. {detail}")
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The version.</summary>
    public string Version { get; } = version;

    /// <summary>What was asked (approve, reject, retest).</summary>
    public string Action { get; } = action;

    /// <summary>The state the version is in now.</summary>
    public Lifecycle.VersionState Current { get; } = current;
}
