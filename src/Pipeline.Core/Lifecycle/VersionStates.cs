namespace Pipeline.Core.Lifecycle;

/// <summary>Maps a <see cref="VersionState"/> onto its stage and staging status.</summary>
public static class VersionStates
{
    /// <summary>The stage a state belongs to.</summary>
    public static Stage StageOf(VersionState state) => state switch
    {
        VersionState.Production => Stage.Production,
        VersionState.Archived => Stage.Archived,
        _ => Stage.Staging,
    };

    /// <summary>The staging status of a state, or null outside staging.</summary>
    public static StagingStatus? StatusOf(VersionState state) => state switch
    {
        VersionState.Registered => StagingStatus.Registered,
        VersionState.Testing => StagingStatus.Testing,
        VersionState.TestsFailed => StagingStatus.TestsFailed,
        VersionState.AwaitingApproval => StagingStatus.AwaitingApproval,
        VersionState.Rejected => StagingStatus.Rejected,
        VersionState.ApprovalExpired => StagingStatus.ApprovalExpired,
        _ => null,
    };

    /// <summary>A short phrase for messages: "in Staging (TestsFailed)", "in Production".</summary>
    public static string Describe(VersionState state) =>
        StatusOf(state) is { } status ? $"in {Stage.Staging} ({status})" : $"in {StageOf(state)}";
}
