namespace Pipeline.Core.Errors;

/// <summary>A state change the lifecycle does not allow; a defect or a race, never written.</summary>
public sealed class IllegalTransitionException : PipelineException
{
    /// <summary>Creates the exception for the attempted change.</summary>
    public IllegalTransitionException(Lifecycle.VersionState from, Lifecycle.VersionState to)
        : base($"A version cannot go from {from} to {to}.")
    {
        From = from;
        To = to;
    }

    /// <summary>The state the version was in.</summary>
    public Lifecycle.VersionState From { get; }

    /// <summary>The state that was asked for.</summary>
    public Lifecycle.VersionState To { get; }
}
