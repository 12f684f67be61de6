namespace Pipeline.Core.Lifecycle;

/// <summary>Maps a <see cref="VersionState"/> onto its stage and, in staging, its status.</summary>
public static class VersionStates
{
    /// <summary>The stage a state belongs to.</summary>
    public static Stage StageOf(VersionState state) => state switch
    {
        VersionState.Production => Stage.Production,
        VersionState.Archived => Stage.Archived,
        _ => Stage.Staging,
    };

    /// <summary>
    /// The staging status of a state: the state itself while it is in <see cref="Stage.Staging"/>
    /// (Registered, Testing, TestsFailed, AwaitingApproval, Rejected, ApprovalExpired), null outside it.
    /// One enum holds both, so a new staging state needs no second list kept in step.
    /// </summary>
    public static VersionState? StatusOf(VersionState state) => StageOf(state) == Stage.Staging ? state : null;

    /// <summary>A short phrase for messages: "in Staging (TestsFailed)", "in Production".</summary>
    public static string Describe(VersionState state) =>
        StatusOf(state) is { } status ? $"in {Stage.Staging} ({status})" : $"in {StageOf(state)}";
}
