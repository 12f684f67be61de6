namespace Pipeline.Core.Errors;

/// <summary>A state change the lifecycle does not allow; a defect or a race, never written.</summary>
public sealed class IllegalTransitionException(Lifecycle.VersionState from, Lifecycle.VersionState to)
    : PipelineException($"A version cannot go from {from} to {to}.")
{
    /// <summary>The state the version was in.</summary>
    public Lifecycle.VersionState From { get; } = from;

    /// <summary>The state that was asked for.</summary>
    public Lifecycle.VersionState To { get; } = to;
}
