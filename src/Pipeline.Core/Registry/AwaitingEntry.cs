using Pipeline.Core.Lifecycle;

namespace Pipeline.Core.Registry;

/// <summary>
/// A version the awaiting index lists as waiting for a decision: what the approver's inbox is ordered by, and which
/// round it is. The version's row stays the authority: one that has moved on may still be listed for a moment.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="Attempt">The round that awaits a decision.</param>
/// <param name="ApprovalDueAt">When the wait for a decision ends.</param>
/// <param name="RegisteredAt">When the version was registered.</param>
public sealed record AwaitingEntry(string Model, string Version, int Attempt, DateTimeOffset? ApprovalDueAt, DateTimeOffset RegisteredAt)
{
    /// <summary>The entry of <paramref name="version"/>'s current round.</summary>
    public static AwaitingEntry Of(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new AwaitingEntry(version.Model, version.Version, version.Attempt, version.ApprovalDueAt, version.RegisteredAt);
    }

    /// <summary>Whether <paramref name="version"/>, as read now, still awaits a decision in this entry's round.</summary>
    public bool StillAwaits(ModelVersion? version) =>
        version is { State: VersionState.AwaitingApproval } && version.Attempt == Attempt;

    /// <summary>
    /// Whether <paramref name="version"/>, as read now, has left this entry's round for good: gone, in a later round, or
    /// past its wait. A version still in the round's tests is not: the write that lists it may be committing.
    /// </summary>
    public bool IsStale(ModelVersion? version) =>
        version is null || version.Attempt > Attempt
        || (version.Attempt == Attempt && version.State is not (VersionState.AwaitingApproval or VersionState.Testing));
}
