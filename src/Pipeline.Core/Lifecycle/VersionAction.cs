namespace Pipeline.Core.Lifecycle;

/// <summary>What a person can ask of a version.</summary>
public enum VersionAction
{
    /// <summary>Approve a tested version for production.</summary>
    Approve,

    /// <summary>Reject a tested version.</summary>
    Reject,

    /// <summary>Run the staging tests again.</summary>
    Retest,
}
